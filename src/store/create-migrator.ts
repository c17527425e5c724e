import { type Migration, Migrator } from 'kysely/migration';
import { migrations } from './migrations/index.ts';
import type { Store } from './store.ts';
import type { StoreMigration } from './store-migration.ts';

/** Kysely's migrator over the migrations defined in code (no file-system scanning, so it works from dist/). */
export function createMigrator(store: Store, list: readonly StoreMigration[] = migrations): Migrator {
  assertOrdered(list);
  return new Migrator({
    db: store.db,
    provider: {
      getMigrations: async () =>
        Object.fromEntries(
          list.map((migration): [string, Migration] => [
            migration.name,
            { up: (db) => migration.up(db, store.dialect) },
          ]),
        ),
    },
  });
}

/** Kysely applies migrations in name order: the list must already be in that order, without duplicates. */
export function assertOrdered(list: readonly StoreMigration[]): void {
  list.forEach((migration, index) => {
    const previous = list[index - 1];
    if (previous != null && !(previous.name < migration.name)) {
      throw new Error(`migration ${migration.name} must sort after ${previous.name}: rename it`);
    }
  });
}
