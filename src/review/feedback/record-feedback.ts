import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database, FindingFeedbackTable } from '../../store/index.ts';

export type FeedbackKind = FindingFeedbackTable['kind'];

export interface FeedbackSignal {
  findingId: string;
  repo: string;
  pr: number;
  category: string;
  kind: FeedbackKind;
  /** A GitHub login, or '' when nobody in particular gave it (a later commit changed the lines). */
  actor: string;
  detail?: string;
  at: number;
}

/**
 * Records one signal about a finding. The same kind from the same actor counts once (a reaction seen
 * again by the next poll, a redelivered event): returns false when it was already recorded.
 */
export async function recordFeedback(db: Kysely<Database>, signal: FeedbackSignal): Promise<boolean> {
  const result = await db
    .insertInto('finding_feedback')
    .values({
      id: randomUUID(),
      finding_id: signal.findingId,
      repo: signal.repo,
      pr: signal.pr,
      category: signal.category,
      kind: signal.kind,
      actor: signal.actor,
      detail: signal.detail ?? null,
      at_ms: signal.at,
    })
    .onConflict((conflict) => conflict.columns(['finding_id', 'kind', 'actor']).doNothing())
    .executeTakeFirst();
  return (result.numInsertedOrUpdatedRows ?? 0n) > 0n;
}
