import {
  type ApprovalDeps,
  InvalidActionError,
  type ProposalResult,
  proposeAction,
} from '../../approvals/index.ts';
import type { ApprovalActionKind } from '../../config/index.ts';

/** Incident action kinds → the approval registry's kinds. */
const gateKinds: Record<string, ApprovalActionKind> = {
  deploy: 'deploy',
  rollback: 'rollback',
  restart: 'restart',
  scale: 'scale',
  config_change: 'config_change',
  infra_change: 'infra_change',
  failover: 'infra_change',
  flush_cache: 'config_change',
};

/**
 * Sends an incident's best proposal to the approval gate, one at a time: while one is open there
 * (pending, approved or running) nothing else is sent. When the gate says no (denied by policy, not a
 * valid action, rejected, expired) or the action failed, the next best is sent — the agent proposes
 * something else.
 * Best: the highest ranking score. Returns the gate's answer for the proposal sent, if any.
 */
export async function sendNextProposal(
  approvals: ApprovalDeps,
  incidentId: string,
): Promise<ProposalResult | undefined> {
  const { db } = approvals;
  const rows = await db
    .selectFrom('incident_proposals')
    .selectAll()
    .where('incident_id', '=', incidentId)
    .execute();
  if (rows.some((row) => row.status === 'proposed' && row.approval_request_id !== null)) return undefined;
  const candidates = rows
    .filter(
      (row) =>
        row.status === 'proposed' && row.approval_request_id === null && gateKinds[row.kind] !== undefined,
    )
    .sort(
      (a, b) =>
        scoreOf(b.evidence) - scoreOf(a.evidence) || Number(a.created_at_ms) - Number(b.created_at_ms),
    );
  if (candidates.length === 0) return undefined;
  const incident = await db
    .selectFrom('incidents')
    .select(['services'])
    .where('id', '=', incidentId)
    .executeTakeFirst();
  if (incident === undefined) return undefined;
  const services = JSON.parse(incident.services) as string[];
  const environment = await environmentOf(approvals, incidentId);
  for (const row of candidates) {
    const targets = row.target !== null ? [row.target] : services;
    if (targets.length === 0) continue;
    let result: ProposalResult;
    try {
      result = await proposeAction(approvals, {
        kind: gateKinds[row.kind],
        targets: { services: targets },
        environment,
        arguments: { action: row.action, incident: incidentId },
        agent: 'incidents',
        run: incidentId,
        reason: `${row.action}: ${row.rationale}`,
        dedupe_key: `incident:${incidentId}:${row.id}`,
      });
    } catch (error) {
      // Not an action the gate accepts (a history target such as "checkout pods" is no service name):
      // refused like a denial, so that it neither fails triage nor stops the next best being sent.
      if (!(error instanceof InvalidActionError)) throw error;
      await db
        .updateTable('incident_proposals')
        .set({ status: 'denied', outcome_reason: error.message })
        .where('id', '=', row.id)
        .execute();
      continue;
    }
    const closed = result.request.status === 'denied';
    await db
      .updateTable('incident_proposals')
      .set({
        approval_request_id: result.request.id,
        ...(closed ? { status: 'denied' as const, outcome_reason: result.request.outcomeReason } : {}),
      })
      .where('id', '=', row.id)
      .execute();
    if (!closed) return result;
  }
  return undefined;
}

function scoreOf(evidence: string): number {
  try {
    const score = (JSON.parse(evidence) as { score?: unknown }).score;
    return typeof score === 'number' ? score : 0;
  } catch {
    return 0;
  }
}

/** The incident's environment: its alerts' `env` or `environment` label, else production. */
async function environmentOf(approvals: ApprovalDeps, incidentId: string): Promise<string> {
  const alerts = await approvals.db
    .selectFrom('incident_alerts')
    .select('labels')
    .where('incident_id', '=', incidentId)
    .execute();
  for (const alert of alerts) {
    const labels = JSON.parse(alert.labels) as Record<string, unknown>;
    const value = labels.env ?? labels.environment;
    if (typeof value === 'string' && /^[a-z][a-z0-9_-]*$/.test(value.toLowerCase()))
      return value.toLowerCase();
  }
  return approvals.config.production_environments[0] ?? 'production';
}
