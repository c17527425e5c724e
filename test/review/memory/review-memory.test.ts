import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Hunk } from '../../../src/review/change-set.ts';
import {
  hunkKey,
  lookupCache,
  rememberReviewed,
  reviewedHunks,
  storeCache,
} from '../../../src/review/memory/index.ts';
import { forEachDatabase } from '../../support/databases.ts';

const hunk = (newStart: number, lines: string[]): Hunk => ({
  oldStart: newStart,
  oldLines: 1,
  newStart,
  newLines: lines.length,
  section: '',
  lines,
});

test('a hunk key ignores position, context and trailing whitespace, and nothing else', () => {
  const base = hunkKey('src/a.ts', hunk(10, [' context', '-old();', '+next();']));
  assert.equal(hunkKey('src/a.ts', hunk(250, [' other context', '-old();  ', '+next();\r'])), base);
  assert.notEqual(hunkKey('src/b.ts', hunk(10, [' context', '-old();', '+next();'])), base, 'another file');
  assert.notEqual(
    hunkKey('src/a.ts', hunk(10, [' context', '-old();', '+next(1);'])),
    base,
    'another change',
  );
  assert.notEqual(
    hunkKey('src/a.ts', hunk(10, [' context', '+old();', '-next();'])),
    base,
    'the reverse change',
  );
  assert.notEqual(hunkKey('src/a.ts', hunk(10, ['+next();', '-old();'])), base, 'another order');
});

forEachDatabase('review memory', (database) => {
  test('the cache returns what was stored, and evicts the least recently used beyond its size', async () => {
    const store = await database.open();
    const finding = {
      severity: 'high' as const,
      category: 'bug' as const,
      confidence: 0.8,
      title: 't',
      explanation: 'e',
      foundBy: 'openai:gpt-4.1',
      startOffset: 0,
      endOffset: 1,
    };
    await storeCache(
      store.db,
      [
        { key: 'k1', findings: [finding] },
        { key: 'k2', findings: [] },
      ],
      1_000,
      10,
    );
    await storeCache(store.db, [{ key: 'k3', findings: [] }], 2_000, 10);
    const hits = await lookupCache(store.db, ['k1', 'k9'], 3_000);
    assert.deepEqual([...hits.entries()], [['k1', [finding]]]);
    // k1 was just used; k2 (stored at 1,000) is now the least recently used, then k3.
    await storeCache(store.db, [{ key: 'k4', findings: [] }], 4_000, 2);
    const left = await store.db
      .selectFrom('review_hunk_cache')
      .select('cache_key')
      .orderBy('cache_key')
      .execute();
    assert.deepEqual(
      left.map((row) => row.cache_key),
      ['k1', 'k4'],
    );
  });

  test('reviewed hunks are remembered per pull request, once', async () => {
    const store = await database.open();
    await rememberReviewed(store.db, 'acme/api', 1, ['h1', 'h2', 'h1'], 'run-1', 1_000);
    await rememberReviewed(store.db, 'acme/api', 1, ['h2', 'h3'], 'run-2', 2_000);
    assert.deepEqual([...(await reviewedHunks(store.db, 'acme/api', 1))].sort(), ['h1', 'h2', 'h3']);
    assert.deepEqual([...(await reviewedHunks(store.db, 'acme/api', 2))], []);
  });
});
