import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { Kysely } from 'kysely';
import { createPriceBook } from '../../../src/llm/prices/index.ts';
import type { ChangeSet } from '../../../src/review/change-set.ts';
import { recordFeedback } from '../../../src/review/feedback/index.ts';
import { runReview } from '../../../src/review/run-review.ts';
import type { Database } from '../../../src/store/index.ts';
import { configFrom } from '../../support/budget-fixtures.ts';
import { forEachDatabase } from '../../support/databases.ts';
import { type FakeLlmServer, startFakeLlmServer } from '../../support/fake-llm-server.ts';
import { testKeys } from '../../support/meter-fixtures.ts';

const modelAnswer = JSON.stringify({
  findings: [
    {
      path: 'src/cart.ts',
      start_line: 2,
      end_line: 2,
      severity: 'high',
      category: 'bug',
      confidence: 0.75,
      title: 'The total skips the last item',
      explanation: 'The loop stops at length - 1, so the last item of the cart is never added to the total.',
      replacement: null,
    },
  ],
});

let llm: FakeLlmServer;
let root: string;
before(async () => {
  llm = await startFakeLlmServer({
    defaultReply: { kind: 'ok', text: modelAnswer, usage: { input: 500, output: 50 } },
  });
  root = await mkdtemp(join(tmpdir(), 'steward-calibration-'));
});
after(async () => {
  await llm.close();
  await rm(root, { recursive: true, force: true });
});

const changeSet = (): ChangeSet => ({
  source: { kind: 'local', root, base: 'main', head: 'feature', mergeBase: undefined, staged: false },
  files: [
    {
      path: 'src/cart.ts',
      status: 'modified',
      binary: false,
      hunks: [
        {
          oldStart: 1,
          oldLines: 2,
          newStart: 1,
          newLines: 2,
          section: '',
          lines: [
            ' let total = 0;',
            '-for (let i = 0; i < items.length; i++) total += items[i];',
            '+for (let i = 0; i < items.length - 1; i++) total += items[i];',
          ],
        },
      ],
      additions: 1,
      deletions: 1,
    },
  ],
  unseen: [],
});

async function review(db: Kysely<Database>) {
  const config = configFrom(`
providers:
  openai:
    base_url: ${llm.baseURL}
  anthropic:
    base_url: ${llm.baseURL}
review:
  tiers: { simple: fast, standard: fast, complex: fast }
`);
  return runReview({
    changeSet: changeSet(),
    config,
    env: testKeys,
    db,
    priceBook: createPriceBook(config.prices),
    root,
    planOnly: false,
    full: true,
  });
}

/** `judged` posted bug findings, `accepted` of them with a 👍 and the others with a 👎. */
async function bugHistory(db: Kysely<Database>, judged: number, accepted: number): Promise<void> {
  for (let index = 0; index < judged; index++) {
    const findingId = randomUUID();
    const at = Date.now() - 86_400_000;
    await db
      .insertInto('github_posted_findings')
      .values({
        repo: 'acme/shop',
        pr: 1,
        fingerprint: randomUUID(),
        finding_id: findingId,
        category: 'bug',
        comment_id: null,
        review_id: null,
        posted_at_ms: at,
      })
      .execute();
    await recordFeedback(db, {
      findingId,
      repo: 'acme/shop',
      pr: 1,
      category: 'bug',
      kind: index < accepted ? 'thumbs_up' : 'thumbs_down',
      actor: 'alice',
      at,
    });
  }
}

forEachDatabase('review calibrated by feedback', (database) => {
  test('a category below its target precision needs more confidence to be posted', async () => {
    const { db } = await database.open();
    const before = await review(db);
    assert.deepEqual(
      before.findings.map((finding) => [finding.category, finding.confidence, finding.route]),
      [['bug', 0.75, 'post']],
    );

    // 10 judged bug findings, 4 accepted: precision 0.4, threshold 0.7 + (0.6 − 0.4) = 0.9.
    await bugHistory(db, 10, 4);
    const after = await review(db);
    assert.deepEqual(
      after.findings.map((finding) => [finding.category, finding.confidence, finding.route]),
      [['bug', 0.75, 'hint']],
    );
    assert.ok(
      after.notes.some((note) => /^bug findings need confidence 0\.9 to be posted \(not 0\.7\)/.test(note)),
      after.notes.join('\n'),
    );
  });
});
