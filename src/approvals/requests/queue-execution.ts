import type { Kysely } from 'kysely';
import { enqueueJob } from '../../jobs/index.ts';
import type { Database } from '../../store/index.ts';
import type { ApprovalRequest } from './approval-request.ts';

/** The job kind that runs an approved request. */
export const executeApprovalJob = 'approval.execute';

/**
 * Queues the execution of an approved request, `wait_minutes` after its last approval. Called in the
 * transaction that approved it. Keyed by request, action hash and target state: a second approval
 * arriving at the same moment finds the job queued; a re-approval after drift queues a new one.
 */
export async function queueExecution(
  trx: Kysely<Database>,
  request: ApprovalRequest,
  now: number,
): Promise<void> {
  await enqueueJob(trx, {
    kind: executeApprovalJob,
    payload: { requestId: request.id },
    dedupeKey: `approval-execute:${request.id}:${request.actionHash}:${request.targetDigest}`,
    runAfterMs: now + request.policy.waitMinutes * 60_000,
    now,
  });
}
