import type { Kysely } from 'kysely';
import type {
  ApprovalDecisionsTable,
  ApprovalStatus,
  ApprovalStepsTable,
  Database,
} from '../../store/index.ts';
import { ApprovalRequestNotFoundError } from './approval-errors.ts';
import { type ApprovalRequest, toApprovalRequest } from './approval-request.ts';

/** Throws ApprovalRequestNotFoundError for an unknown id. */
export async function readRequest(db: Kysely<Database>, id: string): Promise<ApprovalRequest> {
  const row = await db.selectFrom('approval_requests').selectAll().where('id', '=', id).executeTakeFirst();
  if (row === undefined) throw new ApprovalRequestNotFoundError(id);
  return toApprovalRequest(row);
}

export interface ListRequestsOptions {
  status?: ApprovalStatus | 'open' | 'all';
  limit?: number;
}

/** Newest first. `open`: pending, approved or executing. */
export async function listRequests(
  db: Kysely<Database>,
  options: ListRequestsOptions = {},
): Promise<ApprovalRequest[]> {
  let query = db.selectFrom('approval_requests').selectAll();
  const status = options.status ?? 'open';
  if (status === 'open') query = query.where('status', 'in', ['pending', 'approved', 'executing']);
  else if (status !== 'all') query = query.where('status', '=', status);
  const rows = await query
    .orderBy('created_at_ms', 'desc')
    .orderBy('id')
    .limit(options.limit ?? 100)
    .execute();
  return rows.map(toApprovalRequest);
}

export interface Decision {
  person: string;
  decision: 'approve' | 'reject';
  comment: string;
  via: string;
  decidedAtMs: number;
  /** Counts for the request as it is now (same action hash and target state). */
  current: boolean;
}

/** Every decision on the request, oldest first. */
export async function decisionsOf(db: Kysely<Database>, request: ApprovalRequest): Promise<Decision[]> {
  const rows: ApprovalDecisionsTable[] = await db
    .selectFrom('approval_decisions')
    .selectAll()
    .where('request_id', '=', request.id)
    .orderBy('decided_at_ms')
    .orderBy('person')
    .execute();
  return rows.map((row) => ({
    person: row.person,
    decision: row.decision,
    comment: row.comment,
    via: row.via,
    decidedAtMs: Number(row.decided_at_ms),
    current: row.action_hash === request.actionHash && row.target_digest === request.targetDigest,
  }));
}

export interface Step {
  step: number;
  targets: string[];
  status: ApprovalStepsTable['status'];
  detail: string | null;
  startedAtMs: number;
  finishedAtMs: number | null;
}

export async function stepsOf(db: Kysely<Database>, requestId: string): Promise<Step[]> {
  const rows = await db
    .selectFrom('approval_steps')
    .selectAll()
    .where('request_id', '=', requestId)
    .orderBy('step')
    .execute();
  return rows.map((row) => ({
    step: Number(row.step),
    targets: JSON.parse(row.targets) as string[],
    status: row.status,
    detail: row.detail,
    startedAtMs: Number(row.started_at_ms),
    finishedAtMs: row.finished_at_ms === null ? null : Number(row.finished_at_ms),
  }));
}

/** What the proposing agent learns: where its request stands, and why it ended as it did. */
export interface RequestOutcome {
  id: string;
  status: ApprovalStatus;
  /** The action will not run (rejected, expired, denied) or did not finish (failed): propose something else. */
  closed: boolean;
  reason: string | null;
  approvedBy: string[];
  rejectedBy: string[];
}

export async function requestOutcome(db: Kysely<Database>, id: string): Promise<RequestOutcome> {
  const request = await readRequest(db, id);
  const decisions = (await decisionsOf(db, request)).filter((decision) => decision.current);
  return {
    id,
    status: request.status,
    closed: ['rejected', 'expired', 'denied', 'failed'].includes(request.status),
    reason: request.outcomeReason,
    approvedBy: decisions.filter((d) => d.decision === 'approve').map((d) => d.person),
    rejectedBy: decisions.filter((d) => d.decision === 'reject').map((d) => d.person),
  };
}
