import { type Kysely, sql, type Transaction } from 'kysely';
import type { Database } from '../store/index.ts';
import { byLockOrder } from './counters.ts';
import type { LedgerEntry } from './ledger-entry.ts';
import { ledgerRow } from './ledger-row.ts';
import type { Reservation } from './reserve.ts';

/** A limited counter after a settlement, for threshold alerts. */
export interface CounterState {
  scope: string;
  window_key: string;
  limitMicros: number;
  spentMicros: number;
  reservedMicros: number;
}

/**
 * Ends a call: writes its ledger row first, then replaces the reservation with what the call really
 * cost (`entry.actualCostMicros`, zero for a call that failed before any usage). One transaction. If the
 * lease already expired and was reclaimed, only the spend is added.
 */
export async function settle(
  db: Kysely<Database>,
  reservation: Reservation,
  entry: LedgerEntry,
  now: number,
): Promise<CounterState[]> {
  return db.transaction().execute(async (transaction) => {
    await transaction.insertInto('ledger_entries').values(ledgerRow(entry)).execute();
    const deleted = await transaction
      .deleteFrom('budget_reservations')
      .where('id', '=', reservation.id)
      .executeTakeFirst();
    const held = deleted.numDeletedRows > 0n ? reservation.micros : 0;
    const states: CounterState[] = [];
    for (const counter of reservation.counters) {
      if (counter.limitMicros === undefined) {
        if (entry.actualCostMicros > 0) await adjust(transaction, counter, entry.actualCostMicros, 0, now);
        continue;
      }
      const row = await adjust(transaction, counter, entry.actualCostMicros, -held, now);
      states.push({
        scope: counter.scope,
        window_key: counter.window_key,
        limitMicros: counter.limitMicros,
        spentMicros: Number(row?.spent_micros ?? 0),
        reservedMicros: Number(row?.reserved_micros ?? 0),
      });
    }
    return states;
  });
}

/** Writes a ledger row that moves no counter: a refused call, or an answer from a cache. */
export async function recordRefusal(db: Kysely<Database>, entry: LedgerEntry): Promise<void> {
  await db.insertInto('ledger_entries').values(ledgerRow(entry)).execute();
}

/** Adds to a counter's spent and reserved money; returns the counter as it is now. */
async function adjust(
  transaction: Transaction<Database>,
  counter: { scope: string; window_key: string },
  spent: number,
  reserved: number,
  now: number,
): Promise<{ spent_micros: number; reserved_micros: number } | undefined> {
  return transaction
    .updateTable('budget_counters')
    .set({
      spent_micros: sql`spent_micros + ${spent}`,
      reserved_micros: sql`reserved_micros + ${reserved}`,
      updated_at_ms: now,
    })
    .where('scope', '=', counter.scope)
    .where('window_key', '=', counter.window_key)
    .returning(['spent_micros', 'reserved_micros'])
    .executeTakeFirst();
}

/**
 * Gives back the reservations of processes that died: every lease that expired before `now`.
 * Safe to run from any number of processes at once: each lease is reclaimed by whoever deletes it.
 */
export async function reclaimExpiredReservations(db: Kysely<Database>, now: number): Promise<number> {
  const expired = await db
    .selectFrom('budget_reservations')
    .select(['id'])
    .where('expires_at_ms', '<', now)
    .limit(100)
    .execute();
  let reclaimed = 0;
  for (const { id } of expired) {
    reclaimed += await db.transaction().execute(async (transaction) => {
      const row = await transaction
        .deleteFrom('budget_reservations')
        .where('id', '=', id)
        .returning(['micros', 'counters'])
        .executeTakeFirst();
      if (row === undefined) return 0;
      const counters = (JSON.parse(row.counters) as { scope: string; window_key: string }[]).sort(
        byLockOrder,
      );
      for (const counter of counters) await adjust(transaction, counter, 0, -Number(row.micros), now);
      return 1;
    });
  }
  return reclaimed;
}
