import type { Kysely } from 'kysely';
import type { Database } from '../../store/index.ts';
import type { ApprovalRequest } from '../requests/approval-request.ts';
import { decisionsOf } from '../requests/read-requests.ts';
import type { ApprovalMessageState } from './approval-message.ts';

/**
 * The decisions a request's message shows: those bound to its action hash and target state, oldest
 * first, and the approvals its policy needs.
 */
export async function readApprovalMessageState(
  db: Kysely<Database>,
  request: ApprovalRequest,
): Promise<ApprovalMessageState> {
  const decisions = await decisionsOf(db, request);
  return {
    approvals: decisions
      .filter((decision) => decision.current)
      .map(({ person, decision }) => ({ person, decision })),
    needed: request.policy.minApprovals,
  };
}
