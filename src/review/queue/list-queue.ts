import type { Kysely } from 'kysely';
import { UsageError } from '../../errors/index.ts';
import type { Database } from '../../store/index.ts';
import { type QueueItem, type QueueStatus, queueItemFromRow } from './queue-item.ts';

export interface ListQueueOptions {
  /** `pending` unless told. */
  status?: QueueStatus | 'all' | undefined;
  repo?: string | undefined;
  /** At most this many, 100 unless told. */
  limit?: number | undefined;
}

/** Queue items, oldest first: by default the pending ones of every repository. */
export async function listQueue(db: Kysely<Database>, options: ListQueueOptions = {}): Promise<QueueItem[]> {
  const status = options.status ?? 'pending';
  const limit = options.limit ?? 100;
  if (!Number.isInteger(limit) || limit < 1) {
    throw new UsageError(`A queue listing limit must be a whole number of 1 or more, not ${limit}.`);
  }
  let query = db.selectFrom('review_queue').selectAll();
  if (status !== 'all') query = query.where('status', '=', status);
  if (options.repo !== undefined) query = query.where('repo', '=', options.repo);
  const rows = await query.orderBy('created_at_ms').orderBy('id').limit(limit).execute();
  return rows.map(queueItemFromRow);
}

/** One queue item by its id (case and surrounding spaces ignored), undefined when there is none. */
export async function getQueueItem(db: Kysely<Database>, id: string): Promise<QueueItem | undefined> {
  const row = await db
    .selectFrom('review_queue')
    .selectAll()
    .where('id', '=', normalizeQueueId(id))
    .executeTakeFirst();
  return row === undefined ? undefined : queueItemFromRow(row);
}

export function normalizeQueueId(id: string): string {
  return id.trim().toLowerCase();
}
