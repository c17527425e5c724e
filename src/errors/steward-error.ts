/** Exit codes of the `steward` command. */
export const ExitCode = {
  ok: 0,
  checkFailed: 1,
  usage: 2,
  budgetRefused: 3,
  internal: 70,
} as const;
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];

export interface StewardErrorOptions {
  /** What the user can do about it: a command, a key, an env var. */
  hint?: string;
  cause?: unknown;
}

/** Base of every error Steward raises on purpose. `message` is shown to the user as is. */
export class StewardError extends Error {
  readonly exitCode: ExitCode = ExitCode.internal;
  readonly hint: string | undefined;

  constructor(message: string, options: StewardErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.hint = options.hint;
  }
}
