import type { Kysely } from 'kysely';
import type { Database } from '../store/index.ts';
import { jobErrorText } from './job-error-text.ts';

const firstRetryDelayMs = 1_000;
const maxRetryDelayMs = 5 * 60_000;

/** How long a job waits after failing its `attempt`-th attempt: 1 s, 2 s, 4 s … at most 5 minutes. */
export function retryDelayMs(attempt: number): number {
  return Math.min(firstRetryDelayMs * 2 ** Math.max(0, attempt - 1), maxRetryDelayMs);
}

/** `retrying`: queued again after a back-off; `failed`: for good; `not-held`: this worker no longer held it. */
export type FailJobOutcome = 'retrying' | 'failed' | 'not-held';

/**
 * Records that a job's attempt failed, if `workerId` still holds it. While attempts remain (and unless
 * `permanent`), the job is queued again after `retryDelayMs`; otherwise it is failed for good. The
 * error is stored in `last_error`, at most 2,000 characters.
 */
export async function failJob(
  db: Kysely<Database>,
  id: string,
  workerId: string,
  error: string,
  now: number,
  options: { permanent?: boolean | undefined } = {},
): Promise<FailJobOutcome> {
  const job = await db
    .selectFrom('jobs')
    .select(['attempts', 'max_attempts'])
    .where('id', '=', id)
    .where('locked_by', '=', workerId)
    .where('status', '=', 'running')
    .executeTakeFirst();
  if (job === undefined) return 'not-held';
  const retry = options.permanent !== true && job.attempts < job.max_attempts;
  const lastError = jobErrorText(error);
  const result = await db
    .updateTable('jobs')
    .set(
      retry
        ? {
            status: 'queued',
            run_after_ms: now + retryDelayMs(job.attempts),
            locked_by: null,
            lease_until_ms: null,
            last_error: lastError,
          }
        : { status: 'failed', finished_at_ms: now, lease_until_ms: null, last_error: lastError },
    )
    .where('id', '=', id)
    .where('locked_by', '=', workerId)
    .where('status', '=', 'running')
    .where('attempts', '=', job.attempts)
    .executeTakeFirst();
  if (result.numUpdatedRows === 0n) return 'not-held';
  return retry ? 'retrying' : 'failed';
}
