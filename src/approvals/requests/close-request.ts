import type { Kysely } from 'kysely';
import { enqueueJob } from '../../jobs/index.ts';
import type { ApprovalStatus, Database } from '../../store/index.ts';
import { type AuditEvent, appendAudit } from '../audit/index.ts';

/** The job telling the incident agent that the gate closed one of its proposals without running it. */
export const incidentProposalClosedJob = 'incident.proposal-closed';

export type FinalStatus = Extract<ApprovalStatus, 'rejected' | 'expired' | 'denied' | 'executed' | 'failed'>;

/**
 * Ends a request in `trx`: sets its final status and reason if it is still in `from`, records the event,
 * and hands the outcome back to the proposal it came from (an incident's `incident_proposals` row), so
 * the agent sees why. Returns false when the request had already moved on (nothing written).
 */
export async function closeRequest(
  trx: Kysely<Database>,
  input: {
    id: string;
    from: readonly ApprovalStatus[];
    status: FinalStatus;
    reason: string | null;
    event: AuditEvent;
    actor: string;
    detail: Record<string, unknown>;
    atMs: number;
  },
): Promise<boolean> {
  const updated = await trx
    .updateTable('approval_requests')
    .set({
      status: input.status,
      outcome_reason: input.reason,
      finished_at_ms: input.atMs,
      runner: null,
      runner_until_ms: null,
    })
    .where('id', '=', input.id)
    .where('status', 'in', [...input.from])
    .executeTakeFirst();
  if ((updated.numUpdatedRows ?? 0n) === 0n) return false;
  const proposals = await trx
    .updateTable('incident_proposals')
    .set({ status: input.status, outcome_reason: input.reason })
    .where('approval_request_id', '=', input.id)
    .returning('incident_id')
    .execute();
  if (input.status !== 'executed') {
    // The incident agent hears back: it sends its next best proposal.
    for (const { incident_id: incidentId } of proposals) {
      await enqueueJob(trx, {
        kind: incidentProposalClosedJob,
        payload: { incidentId, requestId: input.id, status: input.status, reason: input.reason },
        dedupeKey: `proposal-closed:${input.id}:${input.status}`,
        now: input.atMs,
      });
    }
  }
  await appendAudit(trx, {
    event: input.event,
    requestId: input.id,
    actor: input.actor,
    detail: { ...input.detail, reason: input.reason },
    atMs: input.atMs,
  });
  return true;
}
