import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { test } from 'node:test';
import type { Kysely } from 'kysely';
import { feedbackForComment } from '../../../src/review/feedback/index.ts';
import { markOutdatedFindings } from '../../../src/review/memory/index.ts';
import type { Database } from '../../../src/store/index.ts';
import { forEachDatabase } from '../../support/databases.ts';

const at = Date.UTC(2026, 2, 1);

async function recordRun(db: Kysely<Database>, pr: number): Promise<string> {
  const id = randomUUID();
  await db
    .insertInto('review_runs')
    .values({
      id,
      created_at_ms: at,
      finished_at_ms: at,
      source_kind: 'github',
      repo: 'acme/shop',
      pr,
      base: 'b',
      head: 'h',
      status: 'completed',
      plan_only: 0,
      budget_micros: 0,
      estimated_cost_micros: 0,
      spent_micros: 0,
      plan: '{}',
      summary: '{}',
    })
    .execute();
  return id;
}

async function recordFinding(
  db: Kysely<Database>,
  runId: string,
  hunkKey: string,
  posted?: { commentId: number | null },
): Promise<string> {
  const id = randomUUID();
  await db
    .insertInto('review_findings')
    .values({
      id,
      run_id: runId,
      path: 'src/a.ts',
      start_line: 1,
      end_line: 1,
      severity: 'high',
      category: 'security',
      confidence: 0.9,
      title: `finding in ${hunkKey}`,
      explanation: 'e',
      replacement: null,
      found_by: 'openai:gpt-4.1',
      route: 'post',
      hunk_key: hunkKey,
      outdated_at_ms: null,
    })
    .execute();
  if (posted !== undefined) {
    await db
      .insertInto('github_posted_findings')
      .values({
        repo: 'acme/shop',
        pr: 5,
        fingerprint: randomUUID(),
        finding_id: id,
        category: 'security',
        comment_id: posted.commentId,
        review_id: 9,
        posted_at_ms: at,
      })
      .execute();
  }
  return id;
}

forEachDatabase('feedback from later pushes and comments', (database) => {
  test('an outdated finding that was posted gets a changed signal; one that was not, none', async () => {
    const { db } = await database.open();
    const run = await recordRun(db, 5);
    const postedGone = await recordFinding(db, run, 'gone-1', { commentId: 101 });
    const postedInSummary = await recordFinding(db, run, 'gone-2', { commentId: null });
    const hintGone = await recordFinding(db, run, 'gone-3');
    const postedKept = await recordFinding(db, run, 'kept', { commentId: 102 });

    const marked = await markOutdatedFindings(
      db,
      { repo: 'acme/shop', pr: 5 },
      new Set(['kept']),
      at + 1_000,
    );
    assert.equal(marked, 3);
    const signals = await db
      .selectFrom('finding_feedback')
      .select(['finding_id', 'kind', 'actor', 'repo', 'pr', 'category', 'at_ms'])
      .orderBy('finding_id')
      .execute();
    assert.deepEqual(
      signals,
      [postedGone, postedInSummary].sort().map((id) => ({
        finding_id: id,
        kind: 'changed',
        actor: '',
        repo: 'acme/shop',
        pr: 5,
        category: 'security',
        at_ms: at + 1_000,
      })),
    );
    assert.ok(!signals.some((signal) => signal.finding_id === hintGone || signal.finding_id === postedKept));

    // A second look marks nothing again and records nothing new.
    assert.equal(await markOutdatedFindings(db, { repo: 'acme/shop', pr: 5 }, new Set(), at + 2_000), 1);
    const after = await db.selectFrom('finding_feedback').select('finding_id').execute();
    assert.equal(after.length, 3, 'only the kept finding, now outdated too, was added');
  });

  test('a comment id leads to its finding; other comments to nothing', async () => {
    const { db } = await database.open();
    const run = await recordRun(db, 5);
    const id = await recordFinding(db, run, 'k', { commentId: 9_007_199_254 });
    assert.deepEqual(await feedbackForComment(db, 9_007_199_254), {
      findingId: id,
      repo: 'acme/shop',
      pr: 5,
      category: 'security',
    });
    assert.equal(await feedbackForComment(db, 1), undefined);
  });
});
