import type { ApprovalDeps } from './approval-deps.ts';
import { closeRequest } from './close-request.ts';
import { readRequest } from './read-requests.ts';

/**
 * Expires every pending request past its `expires_at`: expiry is a denial, handed back to the agent
 * with the reason. Safe to run from several processes at once (a request expires once). Returns the
 * ids expired.
 */
export async function expireRequests(deps: ApprovalDeps): Promise<string[]> {
  const now = deps.now();
  const due = await deps.db
    .selectFrom('approval_requests')
    .select(['id', 'expires_at_ms'])
    .where('status', '=', 'pending')
    .where('expires_at_ms', '<=', now)
    .execute();
  const expired: string[] = [];
  for (const row of due) {
    const done = await deps.db.transaction().execute((trx) =>
      closeRequest(trx, {
        id: row.id,
        from: ['pending'],
        status: 'expired',
        reason: `expired at ${new Date(Number(row.expires_at_ms)).toISOString()} without the approvals it needed`,
        event: 'expired',
        actor: 'steward',
        detail: {},
        atMs: now,
      }),
    );
    if (!done) continue;
    expired.push(row.id);
    await deps.onChange?.(await readRequest(deps.db, row.id));
  }
  return expired;
}
