import { type Kysely, sql } from 'kysely';
import { formatUsd } from '../money/index.ts';
import type { Database } from '../store/index.ts';
import type { BudgetEvent } from './budget-event.ts';

const hour = 3_600_000;
const trailingHours = 7 * 24;

export interface KillSwitchSettings {
  velocityMultiple: number;
  /** The smallest hourly baseline, in micro-USD: with little history the switch trips at multiple × this. */
  minHourlyMicros: number;
}

/**
 * Pauses `agent` when its spend in the last hour exceeds `velocityMultiple` times its normal hourly
 * spend: the average over the trailing week (over the hours it has existed, if less), never below the
 * floor. Returns the event when this call paused it.
 */
export async function checkSpendVelocity(
  db: Kysely<Database>,
  agent: string,
  now: number,
  settings: KillSwitchSettings,
): Promise<BudgetEvent | undefined> {
  const lastHour = await sumSince(db, agent, now - hour, now + 1);
  if (lastHour <= settings.velocityMultiple * settings.minHourlyMicros) return undefined;
  const trailing = await db
    .selectFrom('ledger_entries')
    .select([
      sql<number>`coalesce(sum(actual_cost_micros), 0)`.as('total'),
      sql<number | null>`min(at_ms)`.as('first'),
    ])
    .where('agent', '=', agent)
    .where('at_ms', '>=', now - trailingHours * hour)
    .where('at_ms', '<', now - hour)
    .executeTakeFirstOrThrow();
  const first = trailing.first == null ? undefined : Number(trailing.first);
  const hours = first === undefined ? 1 : Math.min(trailingHours, Math.max(1, (now - hour - first) / hour));
  const baseline = Math.max(Number(trailing.total) / hours, settings.minHourlyMicros);
  if (lastHour <= settings.velocityMultiple * baseline) return undefined;

  const reason = `spent ${formatUsd(lastHour)} in the last hour, over ${settings.velocityMultiple}× its normal ${formatUsd(Math.round(baseline))}/hour`;
  const inserted = await db
    .insertInto('agent_pauses')
    .values({ agent, paused_at_ms: now, reason })
    .onConflict((conflict) => conflict.column('agent').doNothing())
    .executeTakeFirst();
  if ((inserted.numInsertedOrUpdatedRows ?? 0n) === 0n) return undefined;
  return { type: 'agent-paused', agent, reason, lastHourMicros: lastHour, at: now };
}

async function sumSince(db: Kysely<Database>, agent: string, from: number, to: number): Promise<number> {
  const row = await db
    .selectFrom('ledger_entries')
    .select(sql<number>`coalesce(sum(actual_cost_micros), 0)`.as('total'))
    .where('agent', '=', agent)
    .where('at_ms', '>=', from)
    .where('at_ms', '<', to)
    .executeTakeFirstOrThrow();
  return Number(row.total);
}

/** The pause of `agent`, if it is paused. */
export async function pauseOf(
  db: Kysely<Database>,
  agent: string,
): Promise<{ reason: string; pausedAt: number } | undefined> {
  const row = await db
    .selectFrom('agent_pauses')
    .select(['reason', 'paused_at_ms'])
    .where('agent', '=', agent)
    .executeTakeFirst();
  return row === undefined ? undefined : { reason: row.reason, pausedAt: Number(row.paused_at_ms) };
}

/** Lifts the pause of `agent`; false when it was not paused. */
export async function resumeAgent(db: Kysely<Database>, agent: string): Promise<boolean> {
  const result = await db.deleteFrom('agent_pauses').where('agent', '=', agent).executeTakeFirst();
  return result.numDeletedRows > 0n;
}
