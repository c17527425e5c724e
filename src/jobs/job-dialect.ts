import type { Kysely } from 'kysely';
import type { Database, StoreDialect } from '../store/index.ts';
import { storeOf } from '../store/store.ts';

/** `dialect` when given, else that of the store `db` belongs to (a transaction has none: pass it). */
export function jobDialect(db: Kysely<Database>, dialect: StoreDialect | undefined): StoreDialect {
  if (dialect !== undefined) return dialect;
  if (db.isTransaction) {
    throw new TypeError('claiming a job inside a transaction needs its `dialect` (store.dialect)');
  }
  return storeOf(db).dialect;
}
