import { type Kysely, sql } from 'kysely';
import type { MigrationResult } from 'kysely/migration';
import { StoreError } from '../errors/index.ts';
import { createMigrator } from './create-migrator.ts';
import { migrationStatus } from './migration-status.ts';
import { migrations } from './migrations/index.ts';
import type { Database } from './schema.ts';
import { type Store, storeOf } from './store.ts';
import type { StoreMigration } from './store-migration.ts';

/** Arbitrary, fixed: the PostgreSQL advisory lock that serialises Steward processes migrating one database. */
const postgresMigrationLock = 0x5374_6577_6172;

/**
 * Applies every pending migration, all in one transaction (all or none); returns the names applied.
 * Safe when several processes start at once against one database: they take turns, and each
 * migration is applied once.
 */
export async function migrateToLatest(
  db: Kysely<Database>,
  list: readonly StoreMigration[] = migrations,
): Promise<string[]> {
  const store = storeOf(db);
  const migrator = createMigrator(store, list);
  let outcome: { error?: unknown; results?: MigrationResult[] };
  try {
    outcome = await withMigrationLock(store, () => migrator.migrateToLatest());
  } catch (error) {
    outcome = { error };
  }
  const results = outcome.results ?? [];
  if (outcome.error !== undefined) {
    throw await migrationError(store, list, outcome.error, results);
  }
  return results.filter((result) => result.status === 'Success').map((result) => result.migrationName);
}

/**
 * Kysely's own PostgreSQL lock covers applying migrations but not creating its bookkeeping
 * tables, where concurrent `create table if not exists` can collide; this lock covers both.
 * SQLite needs none: its `create table if not exists` cannot collide, and the migrations run in a
 * `begin immediate` transaction, one process at a time.
 */
async function withMigrationLock<T>(store: Store, run: () => Promise<T>): Promise<T> {
  if (store.dialect !== 'postgres') {
    return run();
  }
  return store.db.connection().execute(async (connection) => {
    await sql`select pg_advisory_lock(${sql.lit(postgresMigrationLock)})`.execute(connection);
    try {
      return await run();
    } finally {
      await sql`select pg_advisory_unlock(${sql.lit(postgresMigrationLock)})`.execute(connection);
    }
  });
}

async function migrationError(
  store: Store,
  list: readonly StoreMigration[],
  error: unknown,
  results: MigrationResult[],
): Promise<StoreError> {
  const reason = error instanceof Error ? error.message : String(error);
  const failed = results.find((result) => result.status === 'Error');
  if (failed != null) {
    return new StoreError(`migration ${failed.migrationName} failed on ${store.location}: ${reason}`, {
      hint: 'the migrations of this run were rolled back; fix the cause and start Steward again',
      cause: error,
    });
  }
  const status = await migrationStatus(store.db, list).catch(() => undefined);
  if (status != null && status.unknown.length > 0) {
    return new StoreError(
      `the database ${store.location} was migrated by a newer Steward (unknown migrations: ${status.unknown.join(', ')})`,
      { hint: 'upgrade Steward, or point it at another database' },
    );
  }
  return new StoreError(`cannot migrate the database ${store.location}: ${reason}`, { cause: error });
}
