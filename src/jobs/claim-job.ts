import type { Kysely, Selectable } from 'kysely';
import type { Database, JobsTable, StoreDialect } from '../store/index.ts';
import { failJob } from './fail-job.ts';
import { jobDialect } from './job-dialect.ts';
import type { ClaimedJob } from './job-types.ts';

export interface ClaimJobOptions {
  /** The store's dialect (PostgreSQL claims with `for update skip locked`). Default: `db`'s store's. */
  dialect?: StoreDialect | undefined;
  workerId: string;
  now: number;
  /** The claim holds until `now + leaseMs`; renew it with `renewJobLease` while the job runs. */
  leaseMs: number;
  /** Only jobs of these kinds. Default: any kind. */
  kinds?: readonly string[] | undefined;
  /** Told about a job whose stored payload is not JSON: it was failed for good, and the next one claimed. */
  onInvalidPayload?: ((job: { id: string; kind: string }, error: string) => void) | undefined;
}

/**
 * Claims one job, atomically across workers and processes: the queued job runnable longest ago, or a
 * running job whose lease expired (its worker died; this one takes it over). The job becomes `running`,
 * locked by `workerId` until `now + leaseMs`, and its attempts grow by one. A job whose payload is not
 * JSON is failed for good instead, and the next one is claimed. Undefined when no job is claimable.
 */
export async function claimJob(
  db: Kysely<Database>,
  options: ClaimJobOptions,
): Promise<ClaimedJob | undefined> {
  const dialect = jobDialect(db, options.dialect);
  for (;;) {
    const row = await claimRow(db, dialect, options);
    if (row === undefined) return undefined;
    let payload: unknown;
    try {
      payload = JSON.parse(row.payload);
    } catch (error) {
      const reason = `the stored payload is not valid JSON: ${(error as Error).message}`;
      await failJob(db, row.id, options.workerId, reason, options.now, { permanent: true });
      options.onInvalidPayload?.({ id: row.id, kind: row.kind }, reason);
      continue;
    }
    return { id: row.id, kind: row.kind, payload, attempt: row.attempts, maxAttempts: row.max_attempts };
  }
}

/**
 * One statement: `update … where id = (select … limit 1) returning *`. On PostgreSQL the inner select
 * locks its row and skips rows other claimers hold; on SQLite the statement holds the database's write
 * lock throughout, so two claimers cannot take one job.
 */
async function claimRow(
  db: Kysely<Database>,
  dialect: StoreDialect,
  options: ClaimJobOptions,
): Promise<Selectable<JobsTable> | undefined> {
  const { now, kinds } = options;
  if (kinds !== undefined && kinds.length === 0) return undefined;
  const next = db
    .selectFrom('jobs')
    .select('id')
    .where((eb) =>
      eb.or([
        eb.and([eb('status', '=', 'queued'), eb('run_after_ms', '<=', now)]),
        eb.and([eb('status', '=', 'running'), eb('lease_until_ms', '<', now)]),
      ]),
    )
    .$if(kinds !== undefined, (query) => query.where('kind', 'in', kinds!))
    .orderBy('run_after_ms')
    .orderBy('created_at_ms')
    .orderBy('id')
    .limit(1)
    .$if(dialect === 'postgres', (query) => query.forUpdate().skipLocked());
  return db
    .updateTable('jobs')
    .set((eb) => ({
      status: 'running',
      locked_by: options.workerId,
      lease_until_ms: now + options.leaseMs,
      attempts: eb('attempts', '+', 1),
    }))
    .where('id', '=', next)
    .returningAll()
    .executeTakeFirst();
}
