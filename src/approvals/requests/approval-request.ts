import { z } from 'zod';
import type { ApprovalRequestsTable, ApprovalStatus } from '../../store/index.ts';
import { type ActionTargets, actionTargetsSchema } from '../registry/proposed-action.ts';

/** The policy decision taken when the action was proposed, stored with the request. */
export const requestPolicySchema = z.object({
  decision: z.enum(['auto', 'approve', 'deny']),
  /** Which rule decided: `rules[2]`, or the default that applied. */
  rule: z.string(),
  /** Approver groups (empty: any group). */
  approvers: z.array(z.string()),
  minApprovals: z.number().int().min(0),
  waitMinutes: z.number().int().min(0),
  /** Over the instance share of a service, or every service. */
  wide: z.boolean(),
  /** Why the action is wide, or why it was denied. */
  notes: z.array(z.string()),
});
export type RequestPolicy = z.output<typeof requestPolicySchema>;

/** An approval request as every reader sees it: the stored row with its JSON parsed. */
export interface ApprovalRequest {
  id: string;
  kind: string;
  environment: string;
  targets: ActionTargets;
  arguments: Record<string, unknown>;
  actionHash: string;
  agent: string;
  runId: string;
  proposedBy: string;
  reason: string;
  policy: RequestPolicy;
  targetDigest: string;
  status: ApprovalStatus;
  outcomeReason: string | null;
  slackTs: string | null;
  createdAtMs: number;
  expiresAtMs: number;
  approvedAtMs: number | null;
  finishedAtMs: number | null;
}

export function toApprovalRequest(row: ApprovalRequestsTable): ApprovalRequest {
  return {
    id: row.id,
    kind: row.kind,
    environment: row.environment,
    targets: actionTargetsSchema.parse(JSON.parse(row.targets)),
    arguments: z.record(z.string(), z.unknown()).parse(JSON.parse(row.arguments)),
    actionHash: row.action_hash,
    agent: row.agent,
    runId: row.run_id,
    proposedBy: row.proposed_by,
    reason: row.reason,
    policy: requestPolicySchema.parse(JSON.parse(row.policy)),
    targetDigest: row.target_digest,
    status: row.status,
    outcomeReason: row.outcome_reason,
    slackTs: row.slack_ts,
    createdAtMs: Number(row.created_at_ms),
    expiresAtMs: Number(row.expires_at_ms),
    approvedAtMs: row.approved_at_ms === null ? null : Number(row.approved_at_ms),
    finishedAtMs: row.finished_at_ms === null ? null : Number(row.finished_at_ms),
  };
}
