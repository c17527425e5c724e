import { Kysely, PostgresDialect, sql } from 'kysely';
import { Pool } from 'pg';
import { postgresConnectionError } from './postgres-connection-error.ts';
import { createPostgresTypes } from './postgres-types.ts';
import { parsePostgresUrl, redactPostgresUrl } from './postgres-url.ts';
import type { Database } from './schema.ts';
import { createStore, type Store } from './store.ts';

const connectTimeoutMilliseconds = 10_000;

/** Opens a pool on the PostgreSQL database at `databaseUrl` and checks that it answers. */
export async function openPostgresStore(databaseUrl: string, source: string): Promise<Store> {
  const url = parsePostgresUrl(databaseUrl, source);
  const pool = new Pool({
    connectionString: databaseUrl,
    types: createPostgresTypes(),
    connectionTimeoutMillis: connectTimeoutMilliseconds,
    fallback_application_name: 'steward',
  });
  // An idle connection that breaks is dropped by the pool; the next query reports the problem.
  pool.on('error', () => {});
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  const store = createStore(db, 'postgres', redactPostgresUrl(url));
  try {
    await sql`select 1`.execute(db);
  } catch (error) {
    await store.close();
    throw postgresConnectionError(error, url, source);
  }
  return store;
}
