import type { Kysely } from 'kysely';
import type { Database } from '../../store/index.ts';
import type { ApprovalRequest } from '../requests/approval-request.ts';
import type { ApprovalMessageState } from './approval-message.ts';

/**
 * The decisions a request's message shows: those bound to its action hash and target state, oldest
 * first, and the approvals its policy needs.
 */
export async function readApprovalMessageState(
  db: Kysely<Database>,
  request: ApprovalRequest,
): Promise<ApprovalMessageState> {
  const rows = await db
    .selectFrom('approval_decisions')
    .select(['person', 'decision'])
    .where('request_id', '=', request.id)
    .where('action_hash', '=', request.actionHash)
    .where('target_digest', '=', request.targetDigest)
    .orderBy('decided_at_ms')
    .orderBy('person')
    .execute();
  return { approvals: rows, needed: request.policy.minApprovals };
}
