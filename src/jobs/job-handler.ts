/** What a handler learns about the job it runs. */
export interface JobContext {
  jobId: string;
  /** From 1. */
  attempt: number;
  /** Aborted when another worker took the job over (this worker's lease was lost): stop early. */
  signal: AbortSignal;
}

/**
 * Runs one job of a kind. Resolving completes the job; throwing a `PermanentJobError` fails it at once;
 * any other error retries it with back-off until its attempts are spent.
 */
export type JobHandler = (payload: unknown, context: JobContext) => Promise<void>;

/** The part of a pino logger the worker uses. */
export interface JobLogger {
  info(fields: object, message: string): void;
  warn(fields: object, message: string): void;
  error(fields: object, message: string): void;
}
