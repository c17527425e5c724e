import type { Kysely } from 'kysely';
import type { Database } from '../../store/index.ts';
import { slackTimestampToleranceMs } from './verify-slack-signature.ts';

/**
 * How long a signature is remembered: a request is accepted at most 5 minutes either side of its
 * timestamp, so 10 minutes after first seeing it no copy can pass the timestamp check any more.
 */
export const slackReplayWindowMs = 2 * slackTimestampToleranceMs;

/**
 * Remembers a verified Slack request by its signature. Returns false when the same signature was seen
 * before (a replay: refuse it), true the first time. Two copies arriving at once: one of them wins.
 * Signatures older than the replay window are pruned on each call (a handful of rows at most).
 */
export async function rememberSlackRequest(
  db: Kysely<Database>,
  signature: string,
  nowMs: number,
): Promise<boolean> {
  await db
    .deleteFrom('slack_requests')
    .where('received_at_ms', '<', nowMs - slackReplayWindowMs)
    .execute();
  const inserted = await db
    .insertInto('slack_requests')
    .values({ signature: signature.toLowerCase(), received_at_ms: nowMs })
    .onConflict((conflict) => conflict.column('signature').doNothing())
    .executeTakeFirst();
  return (inserted.numInsertedOrUpdatedRows ?? 0n) > 0n;
}
