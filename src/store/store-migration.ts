import type { Kysely } from 'kysely';
import type { StoreDialect } from './store.ts';

/** The database as a migration sees it: untyped, because a migration must not depend on today's tables. */
// biome-ignore lint/suspicious/noExplicitAny: a migration runs against the schema of its own time
export type MigrationDatabase = Kysely<any>;

/** One step of the schema: applied once, in order, in a transaction; never edited once released. */
export interface StoreMigration {
  /** `NNNN-what-it-does`: sorts after every earlier migration. */
  readonly name: string;
  up(db: MigrationDatabase, dialect: StoreDialect): Promise<void>;
}
