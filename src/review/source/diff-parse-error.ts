import { ExitCode, StewardError } from '../../errors/index.ts';

/** A diff or patch that cannot be read as a unified diff: what is wrong, and at which line. */
export class DiffParseError extends StewardError {
  override readonly exitCode = ExitCode.usage;
  /** 1-based line of the diff (or patch) where the problem was found. */
  readonly line: number;
  /** What was being read, e.g. `diff` or `GitHub patch of src/app.ts`. */
  readonly source: string;
  readonly reason: string;

  constructor(reason: string, line: number, source = 'diff') {
    super(`malformed ${source} at line ${line}: ${reason}`, {
      hint: 'the input must be unified diff output as `git diff` prints it',
    });
    this.line = line;
    this.source = source;
    this.reason = reason;
  }
}
