import { randomUUID } from 'node:crypto';
import type { LedgerEntry } from '../../src/budget/index.ts';
import { parseConfig, type StewardConfig } from '../../src/config/index.ts';

/** A validated configuration from YAML text; fails the test on any error. */
export function configFrom(yaml: string): StewardConfig {
  const parsed = parseConfig(yaml, 'test.yml');
  if (parsed.config === undefined)
    throw new Error(
      parsed.errors.map((issue) => `${issue.line}: ${issue.path}: ${issue.message}`).join('\n'),
    );
  return parsed.config;
}

/** A clock the test moves by hand. */
export function manualClock(start: number): {
  now: () => number;
  advance: (ms: number) => void;
  set: (ms: number) => void;
} {
  let current = start;
  return {
    now: () => current,
    advance: (ms) => {
      current += ms;
    },
    set: (ms) => {
      current = ms;
    },
  };
}

/** A ledger entry for a call that cost `actualCostMicros`, with plausible defaults. */
export function ledgerEntry(
  overrides: Partial<LedgerEntry> & Pick<LedgerEntry, 'at' | 'scopes'>,
): LedgerEntry {
  return {
    id: randomUUID(),
    purpose: 'test',
    agent: 'review',
    runId: null,
    repo: null,
    provider: 'openai',
    model: 'gpt-4.1-mini',
    estimatedInputTokens: 1000,
    maxOutputTokens: 500,
    inputTokens: 1000,
    cachedInputTokens: 0,
    cacheWriteTokens: 0,
    outputTokens: 100,
    estimatedCostMicros: 0,
    actualCostMicros: 0,
    latencyMs: 10,
    outcome: 'ok',
    detail: null,
    ...overrides,
  };
}
