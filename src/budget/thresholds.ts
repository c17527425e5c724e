import type { Kysely } from 'kysely';
import type { Database } from '../store/index.ts';
import type { BudgetEvent } from './budget-event.ts';
import type { CounterState } from './settle.ts';

/**
 * Records each threshold that `states` have crossed; returns the events that fired now. The alert
 * table's key (scope, window, threshold) makes each fire once per window, whatever the concurrency.
 */
export async function crossThresholds(
  db: Kysely<Database>,
  states: readonly CounterState[],
  thresholds: readonly number[],
  now: number,
  refused = false,
): Promise<BudgetEvent[]> {
  const events: BudgetEvent[] = [];
  for (const state of states) {
    for (const threshold of thresholds) {
      const crossed = refused ? threshold >= 1 : state.spentMicros >= threshold * state.limitMicros;
      if (!crossed) continue;
      const result = await db
        .insertInto('budget_alerts')
        .values({
          scope: state.scope,
          window_key: state.window_key,
          threshold: String(threshold),
          fired_at_ms: now,
          spent_micros: state.spentMicros,
          limit_micros: state.limitMicros,
        })
        .onConflict((conflict) => conflict.columns(['scope', 'window_key', 'threshold']).doNothing())
        .executeTakeFirst();
      if ((result.numInsertedOrUpdatedRows ?? 0n) === 0n) continue;
      events.push({
        type: 'budget-threshold-crossed',
        scope: state.scope,
        window: state.window_key,
        threshold,
        spentMicros: state.spentMicros,
        limitMicros: state.limitMicros,
        refused,
        at: now,
      });
    }
  }
  return events;
}
