import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { type LedgerEntry, ledgerEntryOf } from '../../src/budget/index.ts';
import { ledgerRow } from '../../src/budget/ledger-row.ts';
import type { LedgerEntriesTable } from '../../src/store/index.ts';
import { forEachDatabase } from '../support/databases.ts';

// A ledger row as version 1 wrote it. This file is never rewritten: rows already stored must stay readable.
const stored = JSON.parse(
  readFileSync(new URL('../fixtures/ledger/v1-row.json', import.meta.url), 'utf8'),
) as LedgerEntriesTable;

const expected: LedgerEntry = {
  id: '5f0c9f5e-2b7a-4f57-9a57-3f1f3f0f6a11',
  at: 1_795_600_800_000,
  purpose: 'review:file',
  agent: 'review',
  runId: 'run-1',
  repo: 'acme/api',
  scopes: ['org', 'agent:review', 'repo:acme/api', 'pr:acme/api#12', 'run:run-1'],
  provider: 'openai',
  model: 'gpt-4.1-mini',
  estimatedInputTokens: 41,
  maxOutputTokens: 2048,
  inputTokens: 10_000,
  cachedInputTokens: 4_000,
  cacheWriteTokens: 0,
  outputTokens: 500,
  estimatedCostMicros: 3_294,
  actualCostMicros: 3_600,
  latencyMs: 812,
  outcome: 'ok',
  detail: null,
};

test('a version-1 ledger row reads as the same entry, and the entry writes the same row', () => {
  assert.deepEqual(ledgerEntryOf(stored), expected);
  assert.deepEqual(ledgerRow(expected), stored);
});

forEachDatabase('ledger format', (database) => {
  test('a version-1 row stored in the database reads back unchanged', async () => {
    const store = await database.open();
    await store.db.insertInto('ledger_entries').values(stored).execute();
    const [row] = await store.db.selectFrom('ledger_entries').selectAll().execute();
    assert.ok(row !== undefined);
    assert.deepEqual(ledgerEntryOf(row), expected);
  });
});
