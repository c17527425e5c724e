import type { Kysely } from 'kysely';
import type { Database } from '../store/index.ts';

/** Extends the worker's lease on a running job; false when another worker took it over (or it ended). */
export async function renewJobLease(
  db: Kysely<Database>,
  id: string,
  workerId: string,
  now: number,
  leaseMs: number,
): Promise<boolean> {
  const result = await db
    .updateTable('jobs')
    .set({ lease_until_ms: now + leaseMs })
    .where('id', '=', id)
    .where('locked_by', '=', workerId)
    .where('status', '=', 'running')
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

/** Marks a job done, only if `workerId` still holds it: false when another worker took it over. */
export async function completeJob(
  db: Kysely<Database>,
  id: string,
  workerId: string,
  now: number,
): Promise<boolean> {
  const result = await db
    .updateTable('jobs')
    .set({ status: 'done', finished_at_ms: now, lease_until_ms: null })
    .where('id', '=', id)
    .where('locked_by', '=', workerId)
    .where('status', '=', 'running')
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}
