import type { Kysely } from 'kysely';
import type { Database } from '../store/index.ts';
import { ledgerEntryOf } from './ledger-row.ts';
import { type WindowKind, windowKey, windowKinds } from './windows.ts';

/**
 * Spent money per scope and window, recomputed from the ledger alone: the counters must always
 * equal this. Used to verify them and to rebuild them after a restore.
 */
export async function spendFromLedger(
  db: Kysely<Database>,
  timeZone: string,
  kinds: readonly WindowKind[] = windowKinds,
): Promise<Map<string, number>> {
  const totals = new Map<string, number>();
  const rows = await db
    .selectFrom('ledger_entries')
    .selectAll()
    .where('actual_cost_micros', '>', 0)
    .execute();
  for (const entry of rows.map(ledgerEntryOf)) {
    for (const scope of entry.scopes) {
      for (const kind of kinds) {
        const key = `${scope}|${windowKey(kind, entry.at, timeZone)}`;
        totals.set(key, (totals.get(key) ?? 0) + entry.actualCostMicros);
      }
    }
  }
  return totals;
}

/** The counters' spent money, keyed as `spendFromLedger` keys it; zero counters left out. */
export async function spendFromCounters(db: Kysely<Database>): Promise<Map<string, number>> {
  const rows = await db
    .selectFrom('budget_counters')
    .select(['scope', 'window_key', 'spent_micros'])
    .where('spent_micros', '>', 0)
    .execute();
  return new Map(rows.map((row) => [`${row.scope}|${row.window_key}`, Number(row.spent_micros)]));
}
