import type { Kysely } from 'kysely';
import type { AgentName, StewardConfig } from '../config/index.ts';
import { usdToMicros } from '../money/index.ts';
import type { Database } from '../store/index.ts';
import type { BudgetEvent } from './budget-event.ts';
import { type BudgetStatusLine, budgetStatus } from './budget-status.ts';
import { countersFor } from './counters.ts';
import { checkSpendVelocity, pauseOf, resumeAgent } from './kill-switch.ts';
import type { LedgerEntry } from './ledger-entry.ts';
import type { Notifier } from './notifier.ts';
import { type Reservation, type ReserveResult, reserve } from './reserve.ts';
import { type Scope, type ScopeContext, scopesFor } from './scopes.ts';
import { reclaimExpiredReservations, recordRefusal, settle } from './settle.ts';
import { crossThresholds } from './thresholds.ts';

export interface BudgetKeeperOptions {
  db: Kysely<Database>;
  config: StewardConfig;
  notify?: Notifier;
  now?: () => number;
}

/** Budgets as the meter uses them: reserve before a call, settle after it, whatever happened. */
export interface BudgetKeeper {
  scopesFor(context: ScopeContext): Scope[];
  /** Reserves `micros` in every scope's current windows, or says which scope refused (or that the agent is paused). */
  reserve(agent: AgentName, scopes: readonly Scope[], micros: number, at: number): Promise<ReserveResult>;
  /** Writes the ledger row and replaces the reservation by the actual cost; fires alerts and the kill switch. */
  settle(reservation: Reservation, entry: LedgerEntry): Promise<void>;
  /** Writes the ledger row of a refused call. */
  recordRefusal(entry: LedgerEntry): Promise<void>;
  reclaimExpired(): Promise<number>;
  status(): Promise<BudgetStatusLine[]>;
  resume(agent: string): Promise<boolean>;
}

export function createBudgetKeeper(options: BudgetKeeperOptions): BudgetKeeper {
  const { db, config } = options;
  const now = options.now ?? Date.now;
  const { budgets } = config;
  const leaseMs = budgets.lease_seconds * 1000;
  const notify = async (events: readonly (BudgetEvent | undefined)[]) => {
    for (const event of events) if (event !== undefined) await options.notify?.(event);
  };

  return {
    scopesFor: (context) => scopesFor(context, config),

    async reserve(agent, scopes, micros, at) {
      const pause = await pauseOf(db, agent);
      if (pause !== undefined) return { ok: false, refusal: { kind: 'paused', agent, reason: pause.reason } };
      await reclaimExpiredReservations(db, now());
      const counters = countersFor(scopes, at, budgets.timezone);
      const result = await reserve(db, counters, micros, now(), leaseMs);
      if (!result.ok && result.refusal.kind === 'limit') {
        const { scope, window, spentMicros, limitMicros } = result.refusal;
        const state = {
          scope,
          window_key: window,
          spentMicros,
          limitMicros,
          reservedMicros: result.refusal.reservedMicros,
        };
        await notify(await crossThresholds(db, [state], budgets.alerts.thresholds, now(), true));
      }
      return result;
    },

    async settle(reservation, entry) {
      const states = await settle(db, reservation, entry, now());
      const events: (BudgetEvent | undefined)[] = await crossThresholds(
        db,
        states,
        budgets.alerts.thresholds,
        now(),
      );
      if (budgets.kill_switch.enabled && entry.actualCostMicros > 0) {
        events.push(
          await checkSpendVelocity(db, entry.agent, now(), {
            velocityMultiple: budgets.kill_switch.velocity_multiple,
            minHourlyMicros: usdToMicros(budgets.kill_switch.min_hourly_usd),
          }),
        );
      }
      await notify(events);
    },

    recordRefusal: (entry) => recordRefusal(db, entry),
    reclaimExpired: () => reclaimExpiredReservations(db, now()),
    status: () => budgetStatus(db, config, now()),
    resume: (agent) => resumeAgent(db, agent),
  };
}
