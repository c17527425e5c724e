import { randomUUID } from 'node:crypto';
import { type Kysely, sql } from 'kysely';
import type { Database } from '../store/index.ts';
import type { BudgetRefusal } from './budget-refusal.ts';
import type { CounterRef } from './counters.ts';

/** Money held for one call until it is settled, released, or its lease expires. */
export interface Reservation {
  id: string;
  micros: number;
  counters: CounterRef[];
  expiresAt: number;
}

export type ReserveResult = { ok: true; reservation: Reservation } | { ok: false; refusal: BudgetRefusal };

class Refused extends Error {
  readonly refusal: BudgetRefusal;

  constructor(refusal: BudgetRefusal) {
    super('refused');
    this.refusal = refusal;
  }
}

/**
 * Reserves `micros` in every counter, all or nothing, in one transaction. Each limited counter is
 * one conditional update (`spent + reserved + micros <= limit`), so concurrent callers in any number
 * of processes cannot together pass a limit.
 */
export async function reserve(
  db: Kysely<Database>,
  counters: CounterRef[],
  micros: number,
  now: number,
  leaseMs: number,
): Promise<ReserveResult> {
  const id = randomUUID();
  const expiresAt = now + leaseMs;
  try {
    await db.transaction().execute(async (transaction) => {
      await transaction
        .insertInto('budget_counters')
        .values(
          counters.map((counter) => ({
            scope: counter.scope,
            window_key: counter.window_key,
            spent_micros: 0,
            reserved_micros: 0,
            updated_at_ms: now,
          })),
        )
        .onConflict((conflict) => conflict.columns(['scope', 'window_key']).doNothing())
        .execute();
      for (const counter of counters) {
        if (counter.limitMicros === undefined) continue;
        const result = await transaction
          .updateTable('budget_counters')
          .set({ reserved_micros: sql`reserved_micros + ${micros}`, updated_at_ms: now })
          .where('scope', '=', counter.scope)
          .where('window_key', '=', counter.window_key)
          .where(sql<boolean>`spent_micros + reserved_micros + ${micros} <= ${counter.limitMicros}`)
          .executeTakeFirst();
        if (result.numUpdatedRows === 0n) {
          const row = await transaction
            .selectFrom('budget_counters')
            .select(['spent_micros', 'reserved_micros'])
            .where('scope', '=', counter.scope)
            .where('window_key', '=', counter.window_key)
            .executeTakeFirstOrThrow();
          throw new Refused({
            kind: 'limit',
            scope: counter.scope,
            window: counter.window_key,
            limitMicros: counter.limitMicros,
            spentMicros: Number(row.spent_micros),
            reservedMicros: Number(row.reserved_micros),
            requestedMicros: micros,
          });
        }
      }
      await transaction
        .insertInto('budget_reservations')
        .values({
          id,
          created_at_ms: now,
          expires_at_ms: expiresAt,
          micros,
          counters: JSON.stringify(
            counters
              .filter((counter) => counter.limitMicros !== undefined)
              .map(({ scope, window_key }) => ({ scope, window_key })),
          ),
        })
        .execute();
    });
  } catch (error) {
    if (error instanceof Refused) return { ok: false, refusal: error.refusal };
    throw error;
  }
  return { ok: true, reservation: { id, micros, counters, expiresAt } };
}
