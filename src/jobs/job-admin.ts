import type { Kysely } from 'kysely';
import type { Database } from '../store/index.ts';
import type { JobStatus } from './job-types.ts';

/** How many jobs are in each status (for /healthz and metrics). */
export async function jobCounts(db: Kysely<Database>): Promise<Record<JobStatus, number>> {
  const rows = await db
    .selectFrom('jobs')
    .select((eb) => ['status', eb.fn.countAll<number | string>().as('count')])
    .groupBy('status')
    .execute();
  const counts: Record<JobStatus, number> = { queued: 0, running: 0, done: 0, failed: 0 };
  for (const row of rows) {
    if (Object.hasOwn(counts, row.status)) counts[row.status] = Number(row.count);
  }
  return counts;
}

/**
 * Queues a failed job again, runnable at once, with its attempts reset (its last error is kept until
 * it runs). False when no failed job has this id.
 */
export async function retryFailedJob(db: Kysely<Database>, id: string, now: number): Promise<boolean> {
  const result = await db
    .updateTable('jobs')
    .set({
      status: 'queued',
      attempts: 0,
      run_after_ms: now,
      locked_by: null,
      lease_until_ms: null,
      finished_at_ms: null,
    })
    .where('id', '=', id)
    .where('status', '=', 'failed')
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}
