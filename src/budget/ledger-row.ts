import type { Insertable, Selectable } from 'kysely';
import type { LedgerEntriesTable } from '../store/index.ts';
import type { CallOutcome, LedgerEntry } from './ledger-entry.ts';

/** The database row of a ledger entry. */
export function ledgerRow(entry: LedgerEntry): Insertable<LedgerEntriesTable> {
  return {
    id: entry.id,
    at_ms: entry.at,
    purpose: entry.purpose,
    agent: entry.agent,
    run_id: entry.runId,
    repo: entry.repo,
    scopes: JSON.stringify(entry.scopes),
    provider: entry.provider,
    model: entry.model,
    estimated_input_tokens: entry.estimatedInputTokens,
    max_output_tokens: entry.maxOutputTokens,
    input_tokens: entry.inputTokens,
    cached_input_tokens: entry.cachedInputTokens,
    cache_write_tokens: entry.cacheWriteTokens,
    output_tokens: entry.outputTokens,
    estimated_cost_micros: entry.estimatedCostMicros,
    actual_cost_micros: entry.actualCostMicros,
    latency_ms: entry.latencyMs,
    outcome: entry.outcome,
    detail: entry.detail,
  };
}

/** The ledger entry of a database row. */
export function ledgerEntryOf(row: Selectable<LedgerEntriesTable>): LedgerEntry {
  return {
    id: row.id,
    at: Number(row.at_ms),
    purpose: row.purpose,
    agent: row.agent,
    runId: row.run_id,
    repo: row.repo,
    scopes: JSON.parse(row.scopes) as string[],
    provider: row.provider,
    model: row.model,
    estimatedInputTokens: row.estimated_input_tokens,
    maxOutputTokens: row.max_output_tokens,
    inputTokens: row.input_tokens,
    cachedInputTokens: row.cached_input_tokens,
    cacheWriteTokens: row.cache_write_tokens,
    outputTokens: row.output_tokens,
    estimatedCostMicros: Number(row.estimated_cost_micros),
    actualCostMicros: Number(row.actual_cost_micros),
    latencyMs: row.latency_ms,
    outcome: row.outcome as CallOutcome,
    detail: row.detail,
  };
}
