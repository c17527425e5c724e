import { ExitCode, StewardError } from './steward-error.ts';

/** The user asked for something that cannot work as asked: a bad flag, a missing argument. */
export class UsageError extends StewardError {
  override readonly exitCode = ExitCode.usage;
}
