import { resolveDataDir } from './data-dir.ts';
import { migrateToLatest } from './migrate-to-latest.ts';
import { openPostgresStore } from './open-postgres-store.ts';
import { openSqliteStore } from './open-sqlite-store.ts';
import type { Store } from './store.ts';

export interface OpenStoreOptions {
  /** A postgres:// URL. Without one (or when empty), the embedded SQLite database is used. */
  databaseUrl?: string | undefined;
  /** Where `databaseUrl` came from, named in error messages. Default `DATABASE_URL`. */
  databaseUrlSource?: string | undefined;
  /** Directory of the SQLite database. Default: `resolveDataDir(process.env)`. */
  dataDir?: string | undefined;
  /** Apply pending migrations before returning. Default true. */
  migrate?: boolean | undefined;
}

/** Opens the database (PostgreSQL when a URL is given, else SQLite) and brings its schema up to date. */
export async function openStore(options: OpenStoreOptions = {}): Promise<Store> {
  const store =
    options.databaseUrl == null || options.databaseUrl === ''
      ? openSqliteStore(options.dataDir ?? resolveDataDir(process.env))
      : await openPostgresStore(options.databaseUrl, options.databaseUrlSource ?? 'DATABASE_URL');
  if (options.migrate !== false) {
    try {
      await migrateToLatest(store.db);
    } catch (error) {
      await store.close();
      throw error;
    }
  }
  return store;
}
