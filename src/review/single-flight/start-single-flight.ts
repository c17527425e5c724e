import type { Kysely } from 'kysely';
import type { Database } from '../../store/index.ts';
import type { ChangeSet } from '../change-set.ts';
import type { ReviewReport } from '../review-report.ts';
import {
  acquireReviewLease,
  type PullRequestHead,
  releaseReviewLease,
  renewReviewLease,
} from './review-lease.ts';

export type SingleFlight =
  | {
      kind: 'acquired';
      /** Aborted when a newer push takes the lease (or the caller's signal fires). */
      signal: AbortSignal;
      superseded(): boolean;
      /** Stops the heartbeat and gives the lease up. */
      stop(): Promise<void>;
    }
  | { kind: 'running' | 'done'; message: string };

export interface SingleFlightOptions {
  leaseMs: number;
  now: () => number;
  /** Review a head again even if it was reviewed before (`--full`). */
  full: boolean;
  signal?: AbortSignal;
}

/**
 * Makes this run the only review of the pull request's head, or says why it must not run. While it
 * runs, a heartbeat renews the lease; when a newer push takes it over, the run's signal aborts, so that
 * its in-flight calls stop and their reservations are released.
 */
export async function startSingleFlight(
  db: Kysely<Database>,
  target: PullRequestHead,
  runId: string,
  options: SingleFlightOptions,
): Promise<SingleFlight> {
  const lease = await acquireReviewLease(db, target, runId, options.now(), options.leaseMs, options.full);
  const head = target.head.slice(0, 12);
  if (lease.kind === 'done') {
    return {
      kind: 'done',
      message: `head ${head} of ${target.repo}#${target.pr} was reviewed already (run ${lease.runId}): nothing to do; --full reviews it again`,
    };
  }
  if (lease.kind === 'running') {
    return {
      kind: 'running',
      message: `a review of head ${head} of ${target.repo}#${target.pr} is already running (run ${lease.runId}): nothing to do`,
    };
  }
  const controller = new AbortController();
  let superseded = false;
  const heartbeat = setInterval(
    () => {
      renewReviewLease(db, target, runId, options.now(), options.leaseMs).then(
        (held) => {
          if (!held && !superseded) {
            superseded = true;
            controller.abort(new Error('a newer push of this pull request took over its review'));
          }
        },
        () => {},
      );
    },
    Math.max(50, Math.min(options.leaseMs / 3, 2_000)),
  );
  heartbeat.unref();
  return {
    kind: 'acquired',
    signal:
      options.signal === undefined ? controller.signal : AbortSignal.any([controller.signal, options.signal]),
    superseded: () => superseded,
    stop: async () => {
      clearInterval(heartbeat);
      await releaseReviewLease(db, target, runId);
    },
  };
}

/** The report of a run that had nothing to do: its head is reviewed already, or being reviewed. */
export function nothingToDo(
  changeSet: ChangeSet,
  runId: string,
  message: string,
  reason: NonNullable<ReviewReport['nothingToDo']>,
): ReviewReport {
  return {
    runId,
    nothingToDo: reason,
    source: changeSet.source,
    fileCount: changeSet.files.length,
    unseen: changeSet.unseen,
    plan: { units: [], skipped: [], leftOut: [], estimatedCostMicros: 0, budgetMicros: 0 },
    findings: [],
    dropped: { notOnChangedLines: 0, duplicates: 0, overLimit: 0, malformed: 0 },
    spentMicros: 0,
    budgetMicros: 0,
    incomplete: [],
    notes: [message],
    planOnly: false,
  };
}
