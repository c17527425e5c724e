import { type Kysely, sql } from 'kysely';
import type { JobLogger } from '../../src/jobs/index.ts';
import type { Database } from '../../src/store/index.ts';

/** A promise the test resolves when it chooses. */
export interface Gate {
  readonly promise: Promise<void>;
  open(): void;
}

export function gate(): Gate {
  let open = () => {};
  const promise = new Promise<void>((resolve) => {
    open = resolve;
  });
  return { promise, open };
}

export interface LogEntry {
  level: 'info' | 'warn' | 'error';
  fields: object;
  message: string;
}

/** A logger that keeps what it is told, so tests stay quiet and can look. */
export function collectingLogger(): JobLogger & { entries: LogEntry[] } {
  const entries: LogEntry[] = [];
  return {
    entries,
    info: (fields, message) => entries.push({ level: 'info', fields, message }),
    warn: (fields, message) => entries.push({ level: 'warn', fields, message }),
    error: (fields, message) => entries.push({ level: 'error', fields, message }),
  };
}

export function jobRow(db: Kysely<Database>, id: string) {
  return db.selectFrom('jobs').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
}

/** A table outside the schema where test handlers record each run, to count them across processes. */
export async function createExecutionsTable(db: Kysely<Database>): Promise<void> {
  await sql`create table job_executions (job_id text not null, worker_id text not null)`.execute(db);
}

export async function recordExecution(db: Kysely<Database>, jobId: string, workerId: string): Promise<void> {
  await sql`insert into job_executions (job_id, worker_id) values (${jobId}, ${workerId})`.execute(db);
}

export async function executions(db: Kysely<Database>): Promise<{ job_id: string; worker_id: string }[]> {
  const result = await sql<{
    job_id: string;
    worker_id: string;
  }>`select job_id, worker_id from job_executions`.execute(db);
  return result.rows;
}
