/** How a metered call ended. */
/** `cached`: answered from a cache at no cost (no model was called). */
export type CallOutcome = 'ok' | 'refused' | 'failed' | 'cancelled' | 'cached';

/**
 * One row of the append-only ledger: a model call (or a refusal to make one), priced.
 * Money is integer micro-USD. This format is persisted: add fields, never change their meaning.
 */
export interface LedgerEntry {
  id: string;
  /** When the call started (ms since epoch); its budget windows are the ones containing this instant. */
  at: number;
  purpose: string;
  agent: string;
  runId: string | null;
  repo: string | null;
  scopes: string[];
  provider: string;
  model: string;
  estimatedInputTokens: number;
  maxOutputTokens: number;
  inputTokens: number | null;
  cachedInputTokens: number | null;
  cacheWriteTokens: number | null;
  outputTokens: number | null;
  estimatedCostMicros: number;
  actualCostMicros: number;
  latencyMs: number | null;
  outcome: CallOutcome;
  /** Why it was refused or failed. */
  detail: string | null;
}
