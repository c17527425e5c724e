import type { Kysely } from 'kysely';
import { StewardError, UsageError } from '../../errors/index.ts';
import type { Database } from '../../store/index.ts';
import { recordFeedback } from '../feedback/index.ts';
import { getQueueItem, normalizeQueueId } from './list-queue.ts';
import { QueueItemDecidedError, QueueItemNotFoundError } from './queue-errors.ts';
import type { QueueItem } from './queue-item.ts';

export interface AcceptQueueItemOptions {
  /** Who accepted it: a GitHub login. */
  by: string;
  /** Publishes the finding to the author (an inline comment); throwing puts the item back to pending. */
  post: (item: QueueItem) => Promise<void>;
  now: number;
}

export interface DismissQueueItemOptions {
  by: string;
  /** Why: required, at most `maxDismissReasonLength` characters once trimmed. */
  reason: string;
  now: number;
}

export const maxDismissReasonLength = 500;

/**
 * Accepts a pending item: claims it (a conditional pending → accepted update, so of two concurrent
 * accepts exactly one posts), calls `post`, then records `accepted` feedback. When `post` throws, the
 * item is pending again and the error is rethrown: nothing is lost, the accept can be retried.
 * Throws QueueItemNotFoundError for an unknown id, QueueItemDecidedError when it was decided before.
 */
export async function acceptQueueItem(
  db: Kysely<Database>,
  id: string,
  options: AcceptQueueItemOptions,
): Promise<QueueItem> {
  const by = requireActor(options.by);
  const key = normalizeQueueId(id);
  const claimed = await db
    .updateTable('review_queue')
    .set({ status: 'accepted', decided_by: by, decided_at_ms: options.now, reason: null })
    .where('id', '=', key)
    .where('status', '=', 'pending')
    .executeTakeFirst();
  if ((claimed.numUpdatedRows ?? 0n) === 0n) throw await undecidableError(db, key);
  const item = await getQueueItem(db, key);
  if (item === undefined) throw new QueueItemNotFoundError(key);
  try {
    await options.post(item);
  } catch (error) {
    await release(db, key, by, options.now, error);
    throw error;
  }
  await recordFeedback(db, {
    findingId: item.findingId,
    repo: item.repo,
    pr: item.pr,
    category: item.category,
    kind: 'accepted',
    actor: by,
    at: options.now,
  });
  return item;
}

/**
 * Dismisses a pending item with a reason, recorded as `dismissed` feedback in the same transaction.
 * Throws UsageError for a missing or too long reason, QueueItemNotFoundError for an unknown id,
 * QueueItemDecidedError when it was decided before.
 */
export async function dismissQueueItem(
  db: Kysely<Database>,
  id: string,
  options: DismissQueueItemOptions,
): Promise<QueueItem> {
  const by = requireActor(options.by);
  const reason = options.reason.trim();
  if (reason === '') {
    throw new UsageError('Dismissing a review queue item needs a reason.', {
      hint: 'Say why the finding is wrong or not worth the author’s time; it calibrates later reviews.',
    });
  }
  const length = [...reason].length;
  if (length > maxDismissReasonLength) {
    throw new UsageError(
      `A dismissal reason is at most ${maxDismissReasonLength} characters; this one has ${length}.`,
    );
  }
  const key = normalizeQueueId(id);
  const item = await db.transaction().execute(async (transaction) => {
    const updated = await transaction
      .updateTable('review_queue')
      .set({ status: 'dismissed', decided_by: by, decided_at_ms: options.now, reason })
      .where('id', '=', key)
      .where('status', '=', 'pending')
      .executeTakeFirst();
    if ((updated.numUpdatedRows ?? 0n) === 0n) throw await undecidableError(transaction, key);
    const dismissed = await getQueueItem(transaction, key);
    if (dismissed === undefined) throw new QueueItemNotFoundError(key);
    await recordFeedback(transaction, {
      findingId: dismissed.findingId,
      repo: dismissed.repo,
      pr: dismissed.pr,
      category: dismissed.category,
      kind: 'dismissed',
      actor: by,
      detail: reason,
      at: options.now,
    });
    return dismissed;
  });
  return item;
}

function requireActor(by: string): string {
  const actor = by.trim();
  if (actor === '') throw new UsageError('Deciding a review queue item needs the reviewer’s login.');
  return actor;
}

/** Why a pending → decided update changed nothing: the item does not exist, or was decided before. */
async function undecidableError(db: Kysely<Database>, id: string): Promise<StewardError> {
  const item = await getQueueItem(db, id);
  return item === undefined ? new QueueItemNotFoundError(id) : new QueueItemDecidedError(item);
}

/** Puts a claimed item back to pending after its post failed; only this claim is undone. */
async function release(
  db: Kysely<Database>,
  id: string,
  by: string,
  at: number,
  cause: unknown,
): Promise<void> {
  try {
    await db
      .updateTable('review_queue')
      .set({ status: 'pending', decided_by: null, decided_at_ms: null })
      .where('id', '=', id)
      .where('status', '=', 'accepted')
      .where('decided_by', '=', by)
      .where('decided_at_ms', '=', at)
      .execute();
  } catch (error) {
    throw new StewardError(
      `Posting review queue item ${id} failed, and it could not be put back to pending: it stays accepted without having been posted.`,
      {
        hint: `The post failed with: ${describe(cause)}; putting it back failed with: ${describe(error)}`,
        cause,
      },
    );
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
