import { sql } from 'kysely';
import { StoreError } from '../errors/index.ts';
import { postgresConnectionError } from './postgres-connection-error.ts';
import type { Store } from './store.ts';

/** Runs a trivial query; throws a StoreError saying what failed when the database does not answer. */
export async function checkConnection(store: Store): Promise<void> {
  try {
    await sql`select 1`.execute(store.db);
  } catch (error) {
    if (store.dialect === 'postgres') {
      throw postgresConnectionError(error, new URL(store.location));
    }
    throw new StoreError(`cannot read the SQLite database ${store.location}: ${(error as Error).message}`, {
      hint: 'check that the file is a Steward database and is readable',
    });
  }
}
