import type { JobsTable } from '../store/index.ts';

export type JobStatus = JobsTable['status'];

/** A job a worker holds: run it, then complete or fail it under the same worker id. */
export interface ClaimedJob {
  id: string;
  kind: string;
  /** The payload given to `enqueueJob`, parsed back from JSON. */
  payload: unknown;
  /** Which attempt this is, from 1 (a takeover after a lost worker counts as an attempt). */
  attempt: number;
  maxAttempts: number;
}
