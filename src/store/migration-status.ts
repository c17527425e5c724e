import { type Kysely, sql } from 'kysely';
import { DEFAULT_MIGRATION_TABLE } from 'kysely/migration';
import { StoreError } from '../errors/index.ts';
import { migrations } from './migrations/index.ts';
import type { Database } from './schema.ts';
import { type Store, storeOf } from './store.ts';
import type { StoreMigration } from './store-migration.ts';

export interface MigrationStatus {
  /** Names of the migrations the database has, in order. */
  applied: string[];
  /** Names of the migrations this version of Steward has and the database has not, in order. */
  pending: string[];
  /** Migrations the database has and this version does not know: a newer Steward migrated it. */
  unknown: string[];
}

/** Which migrations the database has and which it still needs. Reads only. */
export async function migrationStatus(
  db: Kysely<Database>,
  list: readonly StoreMigration[] = migrations,
): Promise<MigrationStatus> {
  const store = storeOf(db);
  let applied: string[];
  try {
    applied = await appliedMigrations(store);
  } catch (error) {
    throw new StoreError(`cannot read the migrations of ${store.location}: ${(error as Error).message}`, {
      hint: 'run `steward doctor` to check the database connection',
    });
  }
  const known = new Set(list.map((migration) => migration.name));
  return {
    applied,
    pending: list.map((migration) => migration.name).filter((name) => !applied.includes(name)),
    unknown: applied.filter((name) => !known.has(name)),
  };
}

async function appliedMigrations(store: Store): Promise<string[]> {
  const tables = await store.db.introspection.getTables({ withInternalKyselyTables: true });
  if (!tables.some((table) => table.name === DEFAULT_MIGRATION_TABLE)) {
    return [];
  }
  const result = await sql<{ name: string }>`select name from ${sql.table(DEFAULT_MIGRATION_TABLE)}`.execute(
    store.db,
  );
  return result.rows.map((row) => row.name).sort();
}
