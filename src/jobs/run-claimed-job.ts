import type { Kysely } from 'kysely';
import type { Database } from '../store/index.ts';
import { failJob } from './fail-job.ts';
import type { JobHandler, JobLogger } from './job-handler.ts';
import { startJobHeartbeat } from './job-heartbeat.ts';
import { completeJob, renewJobLease } from './job-lease.ts';
import type { ClaimedJob } from './job-types.ts';
import { PermanentJobError } from './permanent-job-error.ts';

export interface JobRunner {
  db: Kysely<Database>;
  workerId: string;
  handlers: Readonly<Record<string, JobHandler>>;
  leaseMs: number;
  now: () => number;
  logger: JobLogger | undefined;
}

/**
 * Runs a claimed job's handler, renewing the lease every `leaseMs / 3`, and records the outcome. Database
 * errors reject; a handler's error never does (it is recorded on the job).
 */
export async function runClaimedJob(job: ClaimedJob, runner: JobRunner): Promise<void> {
  const { db, workerId, logger } = runner;
  const fields = { jobId: job.id, kind: job.kind, attempt: job.attempt, workerId };
  const fail = async (error: unknown, permanent: boolean): Promise<void> => {
    const message = error instanceof Error ? error.message : String(error);
    const outcome = await failJob(db, job.id, workerId, message, runner.now(), { permanent });
    if (outcome === 'retrying') logger?.warn({ ...fields, err: error }, 'job failed; it will be retried');
    else if (outcome === 'failed') logger?.error({ ...fields, err: error }, 'job failed for good');
    else logger?.warn({ ...fields, err: error }, 'job failed after another worker took it over');
  };

  const handler = Object.hasOwn(runner.handlers, job.kind) ? runner.handlers[job.kind] : undefined;
  if (handler === undefined) return fail(`no handler for jobs of kind "${job.kind}"`, true);
  if (job.attempt > job.maxAttempts) {
    const reason = `gave up after ${job.maxAttempts} attempt(s): the worker running the last one stopped before finishing`;
    return fail(reason, true);
  }

  const heartbeat = startJobHeartbeat(
    () => renewJobLease(db, job.id, workerId, runner.now(), runner.leaseMs),
    runner.leaseMs / 3,
    (error) => logger?.warn({ ...fields, err: error }, 'cannot renew the lease of a running job'),
  );
  try {
    await handler(job.payload, { jobId: job.id, attempt: job.attempt, signal: heartbeat.signal });
  } catch (error) {
    await heartbeat.stop();
    if (heartbeat.signal.aborted) {
      logger?.warn({ ...fields, err: error }, 'job taken over by another worker stopped with an error');
      return;
    }
    return fail(error, error instanceof PermanentJobError);
  }
  await heartbeat.stop();
  if (await completeJob(db, job.id, workerId, runner.now())) {
    logger?.info(fields, 'job done');
  } else {
    logger?.warn(fields, 'job finished after another worker took it over: its completion was not recorded');
  }
}
