import type { Kysely } from 'kysely';
import type { Database } from '../store/index.ts';
import { windowKey } from './windows.ts';

export const spendGroupings = ['model', 'agent', 'repo', 'day'] as const;
export type SpendGrouping = (typeof spendGroupings)[number];

export interface SpendRow {
  key: string;
  calls: number;
  refused: number;
  failed: number;
  /** Answers reused from a cache at no cost; not counted in `calls`. */
  cached: number;
  inputTokens: number;
  /** Steward's own count of the input tokens of the calls that reported usage: the estimate's error is the difference. */
  estimatedInputTokens: number;
  cachedInputTokens: number;
  outputTokens: number;
  costMicros: number;
}

export interface SpendQuery {
  by: SpendGrouping;
  /** Only calls at or after this instant (ms). */
  since: number;
  timeZone: string;
}

/** Spend from the ledger, grouped; the most expensive group first (days in date order). */
export async function spendReport(db: Kysely<Database>, query: SpendQuery): Promise<SpendRow[]> {
  const rows = await db
    .selectFrom('ledger_entries')
    .select([
      'at_ms',
      'provider',
      'model',
      'agent',
      'repo',
      'outcome',
      'input_tokens',
      'estimated_input_tokens',
      'cached_input_tokens',
      'output_tokens',
      'actual_cost_micros',
    ])
    .where('at_ms', '>=', query.since)
    .execute();
  const groups = new Map<string, SpendRow>();
  for (const row of rows) {
    const key =
      query.by === 'model'
        ? `${row.provider}:${row.model}`
        : query.by === 'agent'
          ? row.agent
          : query.by === 'repo'
            ? (row.repo ?? '(none)')
            : windowKey('day', Number(row.at_ms), query.timeZone).slice('day:'.length);
    let group = groups.get(key);
    if (group === undefined) {
      group = {
        key,
        calls: 0,
        refused: 0,
        failed: 0,
        cached: 0,
        inputTokens: 0,
        estimatedInputTokens: 0,
        cachedInputTokens: 0,
        outputTokens: 0,
        costMicros: 0,
      };
      groups.set(key, group);
    }
    if (row.outcome === 'refused') group.refused++;
    else if (row.outcome === 'cached') group.cached++;
    else group.calls++;
    if (row.outcome === 'failed' || row.outcome === 'cancelled') group.failed++;
    group.inputTokens += row.input_tokens ?? 0;
    if (row.input_tokens !== null) group.estimatedInputTokens += row.estimated_input_tokens;
    group.cachedInputTokens += row.cached_input_tokens ?? 0;
    group.outputTokens += row.output_tokens ?? 0;
    group.costMicros += Number(row.actual_cost_micros);
  }
  const result = [...groups.values()];
  return query.by === 'day'
    ? result.sort((a, b) => (a.key < b.key ? -1 : 1))
    : result.sort((a, b) => b.costMicros - a.costMicros || (a.key < b.key ? -1 : 1));
}
