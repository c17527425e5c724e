import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { Kysely } from 'kysely';
import { StoreError } from '../errors/index.ts';
import { NodeSqliteDatabase } from './node-sqlite-database.ts';
import type { Database } from './schema.ts';
import { ConcurrentSqliteDialect } from './sqlite-dialect.ts';
import { createStore, type Store } from './store.ts';

const sqliteFileName = 'steward.db';
const busyTimeoutMilliseconds = 5_000;

/** Stores open in this process, by file: every opener of one file shares its single connection. */
const openFiles = new Map<string, { store: Store; users: number }>();

/**
 * Opens (creating it when missing) the SQLite database in `dataDir`. Openers of the same file in one
 * process share one connection, whose queries and transactions Kysely runs one at a time: with two
 * connections, a transaction waiting for the other's lock would block the very thread that must finish
 * it. The file closes when its last opener closes it.
 */
export function openSqliteStore(dataDir: string): Store {
  const path = join(dataDir, sqliteFileName);
  let shared = openFiles.get(path);
  if (shared === undefined) {
    shared = { store: openSqliteFile(path, dataDir), users: 0 };
    openFiles.set(path, shared);
  }
  shared.users++;
  const entry = shared;
  let closed = false;
  return {
    db: entry.store.db,
    dialect: entry.store.dialect,
    location: entry.store.location,
    close: async () => {
      if (closed) return;
      closed = true;
      entry.users--;
      if (entry.users === 0) {
        openFiles.delete(path);
        await entry.store.close();
      }
    },
  };
}

function openSqliteFile(path: string, dataDir: string): Store {
  let database: DatabaseSync;
  try {
    mkdirSync(dataDir, { recursive: true, mode: 0o700 });
    database = new DatabaseSync(path, { timeout: busyTimeoutMilliseconds });
  } catch (error) {
    throw new StoreError(`cannot open the SQLite database ${path}: ${(error as Error).message}`, {
      hint: 'set STEWARD_DATA_DIR to a writable directory, or DATABASE_URL to use PostgreSQL',
      cause: error,
    });
  }
  try {
    database.exec(`pragma busy_timeout = ${busyTimeoutMilliseconds};`);
    // Switching to WAL needs a moment with no writer, and SQLite answers "locked" at once instead of
    // waiting while another process migrates: retry until the busy timeout.
    retryWhileLocked(() => database.exec('pragma journal_mode = wal;'));
    database.exec('pragma synchronous = normal; pragma foreign_keys = on;');
  } catch (error) {
    database.close();
    throw new StoreError(`cannot use the SQLite database ${path}: ${(error as Error).message}`, {
      hint: 'check that the file is a Steward database and that no other program holds it locked',
      cause: error,
    });
  }
  const db = new Kysely<Database>({
    dialect: new ConcurrentSqliteDialect({ database: new NodeSqliteDatabase(database) }),
  });
  return createStore(db, 'sqlite', path);
}

function retryWhileLocked(work: () => void): void {
  const deadline = Date.now() + busyTimeoutMilliseconds;
  const pause = new Int32Array(new SharedArrayBuffer(4));
  for (;;) {
    try {
      work();
      return;
    } catch (error) {
      if (!/locked|busy/i.test((error as Error).message) || Date.now() > deadline) throw error;
      Atomics.wait(pause, 0, 0, 10 + Math.floor(Math.random() * 40));
    }
  }
}
