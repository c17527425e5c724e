import type { Kysely } from 'kysely';
import { agentNames, personName } from '../../config/index.ts';
import type { Database } from '../../store/index.ts';
import { appendAudit } from '../audit/index.ts';
import { actionHash } from '../registry/proposed-action.ts';
import type { ApprovalDeps } from './approval-deps.ts';
import {
  ActionChangedError,
  AlreadyDecidedError,
  ApprovalRequestClosedError,
  ApprovalRequestNotFoundError,
  InvalidDecisionError,
  NotAllowedToDecideError,
} from './approval-errors.ts';
import { type ApprovalRequest, toApprovalRequest } from './approval-request.ts';
import { closeRequest } from './close-request.ts';
import { queueExecution } from './queue-execution.ts';
import { readRequest } from './read-requests.ts';

export interface DecisionInput {
  requestId: string;
  person: string;
  decision: 'approve' | 'reject';
  comment: string;
  /** `cli`, `api` or `slack`. */
  via: string;
  /** The action hash the person saw; a different current hash is refused (the action changed). */
  actionHash?: string | undefined;
}

export interface DecisionResult {
  request: ApprovalRequest;
  /** Approvals counted now, and needed. */
  approvals: number;
  needed: number;
  message: string;
}

/**
 * Records one person's decision. The request must be pending and not expired; the person must be in
 * one of its approver groups, and neither its proposer nor an agent; a person counts once. The
 * decision binds to the request's action hash and target state. A rejection closes the request; the
 * approval that completes the count queues the execution. Decisions on one request are serialised (a
 * row lock on PostgreSQL, the write lock on SQLite), so two approvals at the same moment are counted
 * one after the other and queue one execution.
 */
export async function decideRequest(deps: ApprovalDeps, input: DecisionInput): Promise<DecisionResult> {
  const now = deps.now();
  const person = personName.safeParse(input.person);
  if (!person.success) {
    throw new NotAllowedToDecideError(
      `"${input.person}" is not a valid person name: ${person.error.issues[0]?.message}.`,
    );
  }
  const comment = input.comment.trim();
  if (input.decision === 'reject' && comment === '') {
    throw new InvalidDecisionError('A rejection needs a comment: the agent is told why.', {
      hint: 'Say what is wrong, so the agent can propose something else.',
    });
  }
  const outcome = await deps.db.transaction().execute(async (trx) => {
    const request = await lockRequest(trx, deps, input.requestId);
    if (request.status === 'pending' && request.expiresAtMs <= now) {
      await closeRequest(trx, {
        id: request.id,
        from: ['pending'],
        status: 'expired',
        reason: `expired at ${new Date(request.expiresAtMs).toISOString()} without the approvals it needed`,
        event: 'expired',
        actor: 'steward',
        detail: {},
        atMs: now,
      });
      return { expired: true as const, request };
    }
    if (request.status !== 'pending') {
      throw new ApprovalRequestClosedError(
        `Request ${request.id} is ${request.status}${request.outcomeReason === null ? '' : ` (${request.outcomeReason})`}: only a pending request can be decided.`,
      );
    }
    checkAllowed(deps, request, person.data);
    const current = actionHash(request);
    if (current !== request.actionHash || (input.actionHash !== undefined && input.actionHash !== current)) {
      throw new ActionChangedError(
        `Request ${request.id} is not the action you saw: its hash is ${current.slice(0, 12)}, not ${(input.actionHash ?? request.actionHash).slice(0, 12)}.`,
        { hint: 'Read it again (`steward approvals show`) and decide on what it is now.' },
      );
    }
    const inserted = await trx
      .insertInto('approval_decisions')
      .values({
        request_id: request.id,
        person: person.data,
        decision: input.decision,
        comment,
        action_hash: request.actionHash,
        target_digest: request.targetDigest,
        via: input.via,
        decided_at_ms: now,
      })
      .onConflict((conflict) => conflict.doNothing())
      .executeTakeFirst();
    if ((inserted.numInsertedOrUpdatedRows ?? 0n) === 0n) {
      throw new AlreadyDecidedError(
        `${person.data} has already decided on ${request.id}: the same person counts once.`,
      );
    }
    if (input.decision === 'reject') {
      await closeRequest(trx, {
        id: request.id,
        from: ['pending'],
        status: 'rejected',
        reason: `rejected by ${person.data}: ${comment}`,
        event: 'rejected',
        actor: person.data,
        detail: { via: input.via, comment, action_hash: request.actionHash },
        atMs: now,
      });
      return { expired: false as const, approvals: 0 };
    }
    await appendAudit(trx, {
      event: 'approved',
      requestId: request.id,
      actor: person.data,
      detail: {
        via: input.via,
        comment,
        action_hash: request.actionHash,
        target_digest: request.targetDigest,
      },
      atMs: now,
    });
    const approvers = await trx
      .selectFrom('approval_decisions')
      .select('person')
      .where('request_id', '=', request.id)
      .where('decision', '=', 'approve')
      .where('action_hash', '=', request.actionHash)
      .where('target_digest', '=', request.targetDigest)
      .execute();
    const count = new Set(approvers.map((row) => row.person)).size;
    if (count >= request.policy.minApprovals) {
      await trx
        .updateTable('approval_requests')
        .set({ status: 'approved', approved_at_ms: now })
        .where('id', '=', request.id)
        .where('status', '=', 'pending')
        .execute();
      await appendAudit(trx, {
        event: 'approval_complete',
        requestId: request.id,
        actor: person.data,
        detail: { approvals: approvers.map((row) => row.person).sort(), rule: request.policy.rule },
        atMs: now,
      });
      await queueExecution(trx, request, now);
    }
    return { expired: false as const, approvals: count };
  });
  const request = await readRequest(deps.db, input.requestId);
  await deps.onChange?.(request);
  if (outcome.expired) {
    throw new ApprovalRequestClosedError(
      `Request ${request.id} expired at ${new Date(request.expiresAtMs).toISOString()}: expiry is a denial.`,
      {
        hint: 'The agent has been told; it can propose the action again.',
      },
    );
  }
  const needed = request.policy.minApprovals;
  return {
    request,
    approvals: outcome.approvals,
    needed,
    message: describeDecision(request, input.decision, outcome.approvals),
  };
}

function describeDecision(
  request: ApprovalRequest,
  decision: 'approve' | 'reject',
  approvals: number,
): string {
  if (decision === 'reject') return `${request.id} rejected; the agent has been told why`;
  if (request.status === 'approved') {
    const wait = request.policy.waitMinutes;
    return `${request.id} approved (${approvals} of ${request.policy.minApprovals}); it runs ${wait > 0 ? `in ${wait} min` : 'now'}`;
  }
  return `${request.id}: approval ${approvals} of ${request.policy.minApprovals} recorded; waiting for more`;
}

async function lockRequest(trx: Kysely<Database>, deps: ApprovalDeps, id: string): Promise<ApprovalRequest> {
  let query = trx.selectFrom('approval_requests').selectAll().where('id', '=', id);
  if (deps.dialect === 'postgres') query = query.forUpdate();
  const row = await query.executeTakeFirst();
  if (row === undefined) throw new ApprovalRequestNotFoundError(id);
  return toApprovalRequest(row);
}

/** The proposer, an agent, or someone outside the approver groups may not decide. */
function checkAllowed(deps: ApprovalDeps, request: ApprovalRequest, person: string): void {
  const lower = person.toLowerCase();
  if (
    lower.startsWith('agent:') ||
    (agentNames as readonly string[]).includes(lower) ||
    lower === request.agent
  ) {
    throw new NotAllowedToDecideError(`${person} is an agent: an agent proposes, it never approves.`);
  }
  if (person === request.proposedBy) {
    throw new NotAllowedToDecideError(
      `${person} asked for ${request.id}: the proposer cannot decide on it.`,
      {
        hint: 'Ask someone else in the approver groups.',
      },
    );
  }
  const groups =
    request.policy.approvers.length === 0 ? Object.keys(deps.config.groups) : request.policy.approvers;
  const allowed = groups.some((group) => (deps.config.groups[group] ?? []).includes(person));
  if (!allowed) {
    throw new NotAllowedToDecideError(
      `${person} is not in the approver groups of ${request.id} (${groups.join(', ') || 'none defined'}).`,
      { hint: 'Members are listed under approvals.groups in .steward.yml.' },
    );
  }
}
