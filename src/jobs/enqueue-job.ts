import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../store/index.ts';

export const defaultMaxAttempts = 5;

export interface EnqueueJobOptions {
  kind: string;
  /** Any JSON-serialisable value; the handler receives it parsed back. */
  payload: unknown;
  /** A job with this key is enqueued once, whatever its status: later enqueues return the first one. */
  dedupeKey?: string | undefined;
  /** Default 5. */
  maxAttempts?: number | undefined;
  /** Not run before this time. Default `now`. */
  runAfterMs?: number | undefined;
  now: number;
}

/**
 * Queues a job. With a `dedupeKey` already present nothing is inserted, and the existing job's id is
 * returned with `created: false`. `db` may be a transaction, so that the job is queued atomically with
 * the caller's own writes.
 */
export async function enqueueJob(
  db: Kysely<Database>,
  options: EnqueueJobOptions,
): Promise<{ id: string; created: boolean }> {
  const payload = JSON.stringify(options.payload) as string | undefined;
  if (payload === undefined) {
    throw new TypeError(`the payload of a ${options.kind} job must be JSON-serialisable`);
  }
  const maxAttempts = options.maxAttempts ?? defaultMaxAttempts;
  if (!Number.isSafeInteger(maxAttempts) || maxAttempts < 1) {
    throw new RangeError(`maxAttempts must be a positive integer, not ${maxAttempts}`);
  }
  const id = randomUUID();
  const dedupeKey = options.dedupeKey ?? null;
  const result = await db
    .insertInto('jobs')
    .values({
      id,
      kind: options.kind,
      payload,
      dedupe_key: dedupeKey,
      status: 'queued',
      attempts: 0,
      max_attempts: maxAttempts,
      run_after_ms: options.runAfterMs ?? options.now,
      locked_by: null,
      lease_until_ms: null,
      last_error: null,
      created_at_ms: options.now,
      finished_at_ms: null,
    })
    .onConflict((conflict) => conflict.column('dedupe_key').doNothing())
    .executeTakeFirst();
  if ((result.numInsertedOrUpdatedRows ?? 0n) > 0n || dedupeKey === null) {
    return { id, created: true };
  }
  const existing = await db
    .selectFrom('jobs')
    .select('id')
    .where('dedupe_key', '=', dedupeKey)
    .executeTakeFirstOrThrow();
  return { id: existing.id, created: false };
}
