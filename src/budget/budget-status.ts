import type { Kysely } from 'kysely';
import type { StewardConfig } from '../config/index.ts';
import type { Database } from '../store/index.ts';
import { limitMicros } from './counters.ts';
import { limitsOfScope } from './scopes.ts';
import { windowEnd, windowKey, windowKinds } from './windows.ts';

export interface BudgetStatusLine {
  scope: string;
  window: string;
  limitMicros: number;
  spentMicros: number;
  reservedMicros: number;
  remainingMicros: number;
  /** When the window resets (ms), undefined for lifetime. */
  resetsAt: number | undefined;
}

/**
 * Every configured limit in its current window: the named scopes of the configuration, and the
 * per-PR, per-incident and per-run scopes that spent something in the last week.
 */
export async function budgetStatus(
  db: Kysely<Database>,
  config: StewardConfig,
  now: number,
): Promise<BudgetStatusLine[]> {
  const { budgets } = config;
  const named = [
    ...(budgets.org === undefined ? [] : ['org']),
    ...Object.keys(budgets.agents).map((agent) => `agent:${agent}`),
    ...Object.keys(budgets.teams).map((team) => `team:${team}`),
    ...Object.keys(budgets.repos).map((repo) => `repo:${repo}`),
  ];
  const recent = await db
    .selectFrom('budget_counters')
    .select('scope')
    .distinct()
    .where((eb) =>
      eb.or([eb('scope', 'like', 'pr:%'), eb('scope', 'like', 'incident:%'), eb('scope', 'like', 'run:%')]),
    )
    .where('updated_at_ms', '>=', now - 7 * 86_400_000)
    .orderBy('scope')
    .limit(50)
    .execute();
  const lines: BudgetStatusLine[] = [];
  for (const scope of [...named, ...recent.map((row) => row.scope)]) {
    const limits = limitsOfScope(scope, config);
    for (const kind of windowKinds) {
      const limit = limitMicros(limits, kind);
      if (limit === undefined) continue;
      const window = windowKey(kind, now, budgets.timezone);
      const row = await db
        .selectFrom('budget_counters')
        .select(['spent_micros', 'reserved_micros'])
        .where('scope', '=', scope)
        .where('window_key', '=', window)
        .executeTakeFirst();
      const spent = Number(row?.spent_micros ?? 0);
      const reserved = Number(row?.reserved_micros ?? 0);
      lines.push({
        scope,
        window,
        limitMicros: limit,
        spentMicros: spent,
        reservedMicros: reserved,
        remainingMicros: Math.max(0, limit - spent - reserved),
        resetsAt: windowEnd(kind, now, budgets.timezone),
      });
    }
  }
  return lines;
}
