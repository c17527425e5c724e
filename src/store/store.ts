import type { Kysely } from 'kysely';
import type { Database } from './schema.ts';

export type StoreDialect = 'sqlite' | 'postgres';

/** An open Steward database. */
export interface Store {
  readonly db: Kysely<Database>;
  readonly dialect: StoreDialect;
  /** The SQLite file, or the PostgreSQL URL without its password: safe to show. */
  readonly location: string;
  /** Closes every connection; calling it again does nothing. */
  close(): Promise<void>;
}

const stores = new WeakMap<Kysely<Database>, Store>();

/** Wraps an open Kysely instance as a store whose `close` is idempotent. */
export function createStore(db: Kysely<Database>, dialect: StoreDialect, location: string): Store {
  let closed: Promise<void> | undefined;
  const store: Store = {
    db,
    dialect,
    location,
    close: () => {
      closed ??= db.destroy();
      return closed;
    },
  };
  stores.set(db, store);
  return store;
}

/** The store whose `db` this is, for functions that take a `db`. */
export function storeOf(db: Kysely<Database>): Store {
  const store = stores.get(db);
  if (store == null) {
    throw new Error('this Kysely instance was not opened by openStore: pass `store.db`');
  }
  return store;
}
