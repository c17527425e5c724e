import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database, StoreDialect } from '../store/index.ts';
import { claimJob } from './claim-job.ts';
import { jobDialect } from './job-dialect.ts';
import type { JobHandler, JobLogger } from './job-handler.ts';
import type { ClaimedJob } from './job-types.ts';
import { type JobRunner, runClaimedJob } from './run-claimed-job.ts';

export interface JobWorkerOptions {
  db: Kysely<Database>;
  /** `store.dialect`. Default: that of the store `db` belongs to. */
  dialect?: StoreDialect | undefined;
  /** By job kind. A job of a kind not here fails for good. */
  handlers: Readonly<Record<string, JobHandler>>;
  /** Default: random. */
  workerId?: string | undefined;
  /** Jobs run at once. Default 2. */
  concurrency?: number | undefined;
  /** How often to look for jobs when idle. Default 500 ms. */
  pollMs?: number | undefined;
  /** How long a claim holds without a heartbeat; renewed every third of it. Default 60 s. */
  leaseMs?: number | undefined;
  /** Default `Date.now`. */
  now?: (() => number) | undefined;
  logger?: JobLogger | undefined;
  /** Claim only jobs of these kinds (default: any kind; a kind without a handler then fails for good). */
  kinds?: readonly string[] | undefined;
}

export interface JobWorker {
  readonly workerId: string;
  /** Starts claiming and running jobs. */
  start(): void;
  /** Stops claiming; resolves when every job in flight has finished. Leaves no timer running. */
  stop(): Promise<void>;
  /** Looks for jobs now (call it right after enqueueing in this process). */
  wake(): void;
  /** Resolves once no job is claimable and none is in flight (once none is in flight, when stopped). */
  idle(): Promise<void>;
}

/**
 * A worker that claims jobs from the queue and runs them with `handlers`, at most `concurrency` at a
 * time, polling every `pollMs`. Its errors (a handler's, the database's) are logged, never thrown.
 */
export function createJobWorker(options: JobWorkerOptions): JobWorker {
  const dialect = jobDialect(options.db, options.dialect);
  const workerId = options.workerId ?? `worker-${randomUUID()}`;
  const concurrency = Math.max(1, options.concurrency ?? 2);
  const pollMs = options.pollMs ?? 500;
  const leaseMs = options.leaseMs ?? 60_000;
  const now = options.now ?? Date.now;
  const logger = options.logger;
  const runner: JobRunner = { db: options.db, workerId, handlers: options.handlers, leaseMs, now, logger };
  const inFlight = new Set<Promise<void>>();
  /** Each waits for a fill that started after it (`after`: fills started when it began waiting). */
  let idleWaiters: { after: number; resolve: () => void }[] = [];
  let fillsStarted = 0;
  let running = false;
  let filling: Promise<void> | undefined;
  let fillAgain = false;
  let timer: NodeJS.Timeout | undefined;

  const resolveIdle = (fill: number) => {
    const ready = idleWaiters.filter((waiter) => waiter.after < fill);
    idleWaiters = idleWaiters.filter((waiter) => waiter.after >= fill);
    for (const waiter of ready) waiter.resolve();
  };

  const run = (job: ClaimedJob) => {
    const done: Promise<void> = runClaimedJob(job, runner)
      .catch((error: unknown) =>
        logger?.error(
          { jobId: job.id, kind: job.kind, workerId, err: error },
          'cannot record the outcome of a job',
        ),
      )
      .finally(() => {
        inFlight.delete(done);
        pump();
      });
    inFlight.add(done);
  };

  /** Claims jobs until the slots are full or none is claimable. Never rejects. */
  const fill = async (): Promise<void> => {
    const fillNumber = ++fillsStarted;
    let empty = !running;
    while (running && inFlight.size < concurrency) {
      let job: ClaimedJob | undefined;
      try {
        job = await claimJob(options.db, {
          dialect,
          workerId,
          now: now(),
          leaseMs,
          ...(options.kinds === undefined ? {} : { kinds: [...options.kinds] }),
          onInvalidPayload: (invalid, error) =>
            logger?.error({ jobId: invalid.id, kind: invalid.kind, workerId, error }, 'job failed for good'),
        });
      } catch (error) {
        logger?.error({ workerId, err: error }, 'cannot claim a job');
        return;
      }
      if (job === undefined) {
        empty = true;
        break;
      }
      run(job);
    }
    if (empty && inFlight.size === 0) resolveIdle(fillNumber);
  };

  function pump(): void {
    if (filling !== undefined) {
      fillAgain = true;
      return;
    }
    clearTimeout(timer);
    timer = undefined;
    filling = fill().finally(() => {
      filling = undefined;
      if (fillAgain) {
        fillAgain = false;
        pump();
      } else if (running) {
        timer = setTimeout(pump, pollMs);
        timer.unref();
      }
    });
  }

  return {
    workerId,
    start: () => {
      if (running) return;
      running = true;
      pump();
    },
    stop: async () => {
      running = false;
      clearTimeout(timer);
      timer = undefined;
      while (filling !== undefined || inFlight.size > 0) {
        await Promise.all([filling, ...inFlight]);
      }
      resolveIdle(Number.POSITIVE_INFINITY);
    },
    wake: () => {
      if (running) pump();
    },
    idle: () =>
      new Promise<void>((resolve) => {
        idleWaiters.push({ after: fillsStarted, resolve });
        pump();
      }),
  };
}
