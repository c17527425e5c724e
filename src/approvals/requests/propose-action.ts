import { randomBytes } from 'node:crypto';
import type { z } from 'zod';
import { appendAudit } from '../audit/index.ts';
import { assessBlastRadius, targetDigest } from '../execute/index.ts';
import { evaluatePolicy } from '../policy/evaluate-policy.ts';
import {
  actionHash,
  canonicalTargets,
  type ProposedAction,
  proposedActionSchema,
} from '../registry/proposed-action.ts';
import type { ApprovalDeps } from './approval-deps.ts';
import { InvalidActionError } from './approval-errors.ts';
import { type ApprovalRequest, toApprovalRequest } from './approval-request.ts';
import { queueExecution } from './queue-execution.ts';
import { readRequest } from './read-requests.ts';

/** What a proposal came to: the agent reads this, it never catches an exception for a "no". */
export interface ProposalResult {
  request: ApprovalRequest;
  /** `auto`: queued to run; `pending`: waits for people; `denied`: refused by policy; `existing`: proposed before (dedupe key). */
  result: 'auto' | 'pending' | 'denied' | 'existing';
  message: string;
}

/**
 * Proposes an action at the gate. The input is validated (an unknown kind is refused), the targets are
 * sized against the inventory (blast radius), and the policy decides: `auto` queues the execution at
 * once, `approve` leaves it pending until `expiry_minutes`, `deny` closes it with the reason. The
 * request, its audit entries and any execution job are written in one transaction.
 * Throws InvalidActionError for input that is not a valid action.
 */
export async function proposeAction(deps: ApprovalDeps, input: unknown): Promise<ProposalResult> {
  const parsed = proposedActionSchema.safeParse(input);
  if (!parsed.success) {
    throw new InvalidActionError(`The proposed action is not valid: ${describeIssues(parsed.error)}.`, {
      hint: 'An action needs kind, targets (services and/or hosts), environment, agent, run and reason.',
    });
  }
  const action: ProposedAction = { ...parsed.data, targets: canonicalTargets(parsed.data.targets) };
  if (action.dedupe_key !== undefined) {
    const existing = await proposedBefore(deps, action.dedupe_key);
    if (existing !== undefined) return existing;
  }
  const inventory = await deps.inventoryFor(action.targets.services);
  const blast = assessBlastRadius(action.targets, inventory, {
    maxInstanceShare: deps.config.blast_radius.max_instance_share,
  });
  const policy = evaluatePolicy(
    { kind: action.kind, environment: action.environment, wide: blast.wide, wideNotes: blast.notes },
    deps.config,
  );
  const now = deps.now();
  const id = `ar_${randomBytes(5).toString('hex')}`;
  const proposer = action.requested_by ?? `agent:${action.agent}`;
  const status = policy.decision === 'auto' ? 'approved' : policy.decision === 'deny' ? 'denied' : 'pending';
  const row = {
    id,
    kind: action.kind,
    environment: action.environment,
    targets: JSON.stringify(action.targets),
    arguments: JSON.stringify(action.arguments),
    action_hash: actionHash(action),
    agent: action.agent,
    run_id: action.run,
    proposed_by: proposer,
    reason: action.reason,
    dedupe_key: action.dedupe_key ?? null,
    policy: JSON.stringify(policy),
    target_digest: targetDigest(action.targets, inventory),
    status,
    outcome_reason: status === 'denied' ? policy.notes.join('; ') : null,
    slack_ts: null,
    runner: null,
    runner_until_ms: null,
    created_at_ms: now,
    expires_at_ms: now + deps.config.expiry_minutes * 60_000,
    approved_at_ms: status === 'approved' ? now : null,
    finished_at_ms: status === 'denied' ? now : null,
  } as const;
  const created = await deps.db.transaction().execute(async (trx) => {
    const inserted = await trx
      .insertInto('approval_requests')
      .values(row)
      .onConflict((conflict) => conflict.column('dedupe_key').doNothing())
      .executeTakeFirst();
    if ((inserted.numInsertedOrUpdatedRows ?? 0n) === 0n) return false;
    await appendAudit(trx, {
      event: 'proposed',
      requestId: id,
      actor: proposer,
      detail: {
        kind: row.kind,
        environment: row.environment,
        targets: action.targets,
        arguments: action.arguments,
        action_hash: row.action_hash,
        target_digest: row.target_digest,
        run: action.run,
        reason: action.reason,
        policy,
      },
      atMs: now,
    });
    if (status === 'denied') {
      await appendAudit(trx, {
        event: 'denied',
        requestId: id,
        actor: 'policy',
        detail: { rule: policy.rule, reason: row.outcome_reason },
        atMs: now,
      });
    }
    if (status === 'approved') {
      await appendAudit(trx, {
        event: 'approval_complete',
        requestId: id,
        actor: 'policy',
        detail: { rule: policy.rule, approvals: [] },
        atMs: now,
      });
      await queueExecution(trx, toApprovalRequest(row), now);
    }
    return true;
  });
  if (!created) {
    // Only a dedupe key conflicts: another proposal with it committed first.
    const existing = await proposedBefore(deps, action.dedupe_key ?? '');
    if (existing === undefined) throw new Error(`request with dedupe key ${action.dedupe_key} vanished`);
    return existing;
  }
  const request = toApprovalRequest(row);
  await deps.onChange?.(request);
  return {
    request,
    result: policy.decision === 'approve' ? 'pending' : status === 'denied' ? 'denied' : 'auto',
    message: describeProposal(request),
  };
}

/** The request proposed before with this dedupe key, as the answer to proposing it again. */
async function proposedBefore(deps: ApprovalDeps, dedupeKey: string): Promise<ProposalResult | undefined> {
  const existing = await deps.db
    .selectFrom('approval_requests')
    .select('id')
    .where('dedupe_key', '=', dedupeKey)
    .executeTakeFirst();
  if (existing === undefined) return undefined;
  const request = await readRequest(deps.db, existing.id);
  return { request, result: 'existing', message: `already proposed as ${request.id} (${request.status})` };
}

/** One line for the proposer: what happens next. */
export function describeProposal(request: ApprovalRequest): string {
  const policy = request.policy;
  switch (request.status) {
    case 'denied':
      return `${request.id} denied: ${request.outcomeReason ?? policy.rule}`;
    case 'pending': {
      const groups = policy.approvers.length === 0 ? 'any approver group' : policy.approvers.join(', ');
      const wait = policy.waitMinutes > 0 ? `, then runs ${policy.waitMinutes} min later` : '';
      return `${request.id} waits for ${policy.minApprovals} approval(s) from ${groups} (${policy.rule}) until ${new Date(request.expiresAtMs).toISOString()}${wait}`;
    }
    default:
      return `${request.id} ${request.status} (${policy.rule})`;
  }
}

function describeIssues(error: z.ZodError): string {
  return error.issues
    .map((issue) => `${issue.path.length === 0 ? 'action' : issue.path.join('.')}: ${issue.message}`)
    .join('; ');
}
