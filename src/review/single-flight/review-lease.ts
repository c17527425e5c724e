import { type Kysely, sql } from 'kysely';
import type { Database } from '../../store/index.ts';

export type LeaseResult =
  | { kind: 'acquired' }
  /** Another worker is reviewing this very head. */
  | { kind: 'running'; runId: string }
  /** This head was reviewed already: exactly one review per head. */
  | { kind: 'done'; runId: string };

export interface PullRequestHead {
  repo: string;
  pr: number;
  head: string;
}

/**
 * Claims the right to review a pull request's head, across threads and processes: one row per pull
 * request, taken by a conditional insert or update. A lease that expired (its worker died) or that holds
 * another head (an older push) is taken over; the worker holding it notices at its next heartbeat.
 */
export async function acquireReviewLease(
  db: Kysely<Database>,
  target: PullRequestHead,
  runId: string,
  now: number,
  leaseMs: number,
  again = false,
): Promise<LeaseResult> {
  const reviewed = () => (again ? Promise.resolve(undefined) : reviewedRun(db, target));
  const done = await reviewed();
  if (done !== undefined) return { kind: 'done', runId: done };
  // A run that finished between that look and taking the lease recorded itself before letting go, so a
  // second look under the lease sees it: the head is never reviewed twice.
  const checked = async (): Promise<LeaseResult> => {
    const finished = await reviewed();
    if (finished === undefined) return { kind: 'acquired' };
    await releaseReviewLease(db, target, runId);
    return { kind: 'done', runId: finished };
  };

  const expires = now + leaseMs;
  const inserted = await db
    .insertInto('review_leases')
    .values({ repo: target.repo, pr: target.pr, head: target.head, run_id: runId, expires_at_ms: expires })
    .onConflict((conflict) => conflict.columns(['repo', 'pr']).doNothing())
    .executeTakeFirst();
  if ((inserted.numInsertedOrUpdatedRows ?? 0n) > 0n) return checked();

  const taken = await db
    .updateTable('review_leases')
    .set({ head: target.head, run_id: runId, expires_at_ms: expires })
    .where('repo', '=', target.repo)
    .where('pr', '=', target.pr)
    .where((eb) => eb.or([eb('expires_at_ms', '<', now), eb('head', '<>', target.head)]))
    .executeTakeFirst();
  if (taken.numUpdatedRows > 0n) return checked();

  const holder = await db
    .selectFrom('review_leases')
    .select('run_id')
    .where('repo', '=', target.repo)
    .where('pr', '=', target.pr)
    .executeTakeFirst();
  return { kind: 'running', runId: holder?.run_id ?? 'unknown' };
}

/** Extends the lease; false when another run took it (a newer push): the caller must stop. */
export async function renewReviewLease(
  db: Kysely<Database>,
  target: PullRequestHead,
  runId: string,
  now: number,
  leaseMs: number,
): Promise<boolean> {
  const result = await db
    .updateTable('review_leases')
    .set({ expires_at_ms: sql`${now + leaseMs}` })
    .where('repo', '=', target.repo)
    .where('pr', '=', target.pr)
    .where('run_id', '=', runId)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

/** Gives the lease up, if this run still holds it. */
export async function releaseReviewLease(
  db: Kysely<Database>,
  target: PullRequestHead,
  runId: string,
): Promise<void> {
  await db
    .deleteFrom('review_leases')
    .where('repo', '=', target.repo)
    .where('pr', '=', target.pr)
    .where('run_id', '=', runId)
    .execute();
}

/** The run that reviewed this head already, completely or in part. */
async function reviewedRun(db: Kysely<Database>, target: PullRequestHead): Promise<string | undefined> {
  const run = await db
    .selectFrom('review_runs')
    .select('id')
    .where('repo', '=', target.repo)
    .where('pr', '=', target.pr)
    .where('head', '=', target.head)
    .where('plan_only', '=', 0)
    .where('status', 'in', ['completed', 'partial'])
    .executeTakeFirst();
  return run?.id;
}
