import type { Kysely } from 'kysely';
import type { ApprovalRequest } from '../../../src/approvals/requests/approval-request.ts';
import type { Database } from '../../../src/store/index.ts';

export const createdAtMs = Date.UTC(2026, 0, 15, 10, 0, 0);

/** A pending production restart needing two approvals; `overrides` change any field. */
export function approvalRequest(overrides: Partial<ApprovalRequest> = {}): ApprovalRequest {
  return {
    id: 'ar_0123456789',
    kind: 'restart',
    environment: 'production',
    targets: { services: ['orders-api'], hosts: [] },
    arguments: { graceful: true },
    actionHash: 'abcdef0123456789abcdef0123456789abcdef0123456789abcdef0123456789',
    agent: 'incidents',
    runId: 'inc-42',
    proposedBy: 'agent:incidents',
    reason: 'orders-api leaks connections <since> the deploy & latency is up',
    policy: {
      decision: 'approve',
      rule: 'rules[0]',
      approvers: ['sre'],
      minApprovals: 2,
      waitMinutes: 0,
      wide: false,
      notes: [],
    },
    targetDigest: 'digest-1',
    status: 'pending',
    outcomeReason: null,
    slackTs: null,
    createdAtMs,
    expiresAtMs: createdAtMs + 60 * 60_000,
    approvedAtMs: null,
    finishedAtMs: null,
    ...overrides,
  };
}

/** Stores `request` as its row. */
export async function insertApprovalRequest(db: Kysely<Database>, request: ApprovalRequest): Promise<void> {
  await db
    .insertInto('approval_requests')
    .values({
      id: request.id,
      kind: request.kind,
      environment: request.environment,
      targets: JSON.stringify(request.targets),
      arguments: JSON.stringify(request.arguments),
      action_hash: request.actionHash,
      agent: request.agent,
      run_id: request.runId,
      proposed_by: request.proposedBy,
      reason: request.reason,
      dedupe_key: null,
      policy: JSON.stringify(request.policy),
      target_digest: request.targetDigest,
      status: request.status,
      outcome_reason: request.outcomeReason,
      slack_ts: request.slackTs,
      created_at_ms: request.createdAtMs,
      expires_at_ms: request.expiresAtMs,
      approved_at_ms: request.approvedAtMs,
      finished_at_ms: request.finishedAtMs,
    })
    .execute();
}
