import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { test } from 'node:test';
import type { Kysely } from 'kysely';
import { UsageError } from '../../../src/errors/index.ts';
import type { Finding } from '../../../src/review/finding.ts';
import { findingFingerprints } from '../../../src/review/output/finding-fingerprint.ts';
import {
  acceptQueueItem,
  dismissQueueItem,
  getQueueItem,
  listQueue,
  type QueueItem,
  QueueItemDecidedError,
  QueueItemNotFoundError,
  queueHints,
} from '../../../src/review/queue/index.ts';
import type { Database } from '../../../src/store/index.ts';
import { forEachDatabase } from '../../support/databases.ts';
import { finding, report } from '../output/report-fixtures.ts';

const config = { categories: ['security', 'bug'] as ('security' | 'bug')[], team: '@acme/reviewers' };
const codeowners = '* @acme/everyone\n/src/auth/ @alice @acme/security\n/src/vendor/\n';
const at = Date.UTC(2026, 0, 15, 12);

function hint(overrides: Partial<Finding>): Finding {
  return finding({ id: randomUUID(), route: 'hint', confidence: 0.5, ...overrides });
}

async function queueOne(db: Kysely<Database>, overrides: Partial<Finding> = {}, pr = 7): Promise<QueueItem> {
  const result = await queueHints({
    db,
    report: report({ findings: [hint({ category: 'security', title: `t-${randomUUID()}`, ...overrides })] }),
    repo: 'acme/shop',
    pr,
    head: 'abc123',
    config,
    now: at,
  });
  assert.equal(result.queued, 1);
  return result.items[0]!;
}

async function feedbackRows(db: Kysely<Database>, findingId: string) {
  return db
    .selectFrom('finding_feedback')
    .select(['kind', 'actor', 'detail', 'category', 'repo', 'pr'])
    .where('finding_id', '=', findingId)
    .orderBy('kind')
    .execute();
}

forEachDatabase('review queue', (database) => {
  test('queues hint findings of the configured categories, for CODEOWNERS or the team', async () => {
    const { db } = await database.open();
    const findings = [
      hint({ path: 'src/auth/login.ts', category: 'security', title: 'Token compared with ==' }),
      hint({ path: 'src/cart.ts', category: 'bug', title: 'Off by one', replacement: 'i < n' }),
      hint({ path: 'src/vendor/lib.js', category: 'bug', title: 'Unowned' }),
      hint({ path: 'src/cart.ts', category: 'style', title: 'Not a queued category' }),
      finding({ id: randomUUID(), path: 'src/cart.ts', category: 'bug', route: 'post', title: 'Posted' }),
      finding({ path: 'src/cart.ts', category: 'bug', route: 'hint', title: 'No stored id' }),
    ];
    const first = await queueHints({
      db,
      report: report({ findings }),
      repo: 'acme/shop',
      pr: 7,
      head: 'abc123',
      config,
      codeowners,
      now: at,
    });
    assert.equal(first.queued, 3);
    const fingerprints = findingFingerprints(findings);
    const byTitle = new Map(first.items.map((item) => [item.title, item]));
    assert.deepEqual(byTitle.get('Token compared with ==')!.reviewers, ['@alice', '@acme/security']);
    assert.deepEqual(byTitle.get('Off by one')!.reviewers, ['@acme/everyone']);
    assert.deepEqual(byTitle.get('Unowned')!.reviewers, ['@acme/reviewers'], 'no CODEOWNERS owner: the team');
    for (const item of first.items) {
      assert.match(item.id, /^[0-9a-f]{8}$/);
      assert.equal(item.status, 'pending');
      assert.equal(item.head, 'abc123');
      assert.equal(item.createdAt, at);
      const index = findings.findIndex((entry) => entry.id === item.findingId);
      assert.equal(item.fingerprint, fingerprints[index]);
    }
    assert.equal(byTitle.get('Off by one')!.replacement, 'i < n');
    assert.deepEqual(
      await listQueue(db),
      [...first.items].sort((a, b) => (a.id < b.id ? -1 : 1)),
      'listed as stored, oldest first',
    );

    // A later run finds the same hints again (new ids, new head): nothing is queued twice.
    const again = findings.map((entry) => (entry.id === undefined ? entry : { ...entry, id: randomUUID() }));
    const second = await queueHints({
      db,
      report: report({ findings: again }),
      repo: 'acme/shop',
      pr: 7,
      head: 'def456',
      config,
      codeowners,
      now: at + 1_000,
    });
    assert.deepEqual(second, { queued: 0, items: [] });
    assert.equal((await listQueue(db, { status: 'all' })).length, 3);

    // Another pull request is another queue entry; without CODEOWNERS nor team, nobody is named.
    const other = await queueHints({
      db,
      report: report({ findings: [findings[0]!] }),
      repo: 'acme/shop',
      pr: 8,
      head: 'abc123',
      config: { categories: ['security'] },
      now: at,
    });
    assert.equal(other.queued, 1);
    assert.deepEqual(other.items[0]!.reviewers, []);
  });

  test('a hint whose fingerprint was already posted on the pull request is not queued', async () => {
    const { db } = await database.open();
    const found = hint({ category: 'bug', title: 'Already posted' });
    const [fingerprint] = findingFingerprints([found]);
    await db
      .insertInto('github_posted_findings')
      .values({
        repo: 'acme/shop',
        pr: 7,
        fingerprint: fingerprint!,
        finding_id: randomUUID(),
        category: 'bug',
        comment_id: 1,
        review_id: 1,
        posted_at_ms: at,
      })
      .execute();
    const result = await queueHints({
      db,
      report: report({ findings: [found] }),
      repo: 'acme/shop',
      pr: 7,
      head: 'abc123',
      config,
      now: at,
    });
    assert.equal(result.queued, 0);
  });

  test('accepting posts once, records the decision and the feedback', async () => {
    const { db } = await database.open();
    const item = await queueOne(db);
    const posted: QueueItem[] = [];
    const accepted = await acceptQueueItem(db, item.id.toUpperCase(), {
      by: 'alice',
      post: async (entry) => {
        posted.push(entry);
      },
      now: at + 5,
    });
    assert.equal(posted.length, 1);
    assert.equal(posted[0]!.id, item.id);
    assert.equal(accepted.status, 'accepted');
    assert.equal(accepted.decidedBy, 'alice');
    assert.equal(accepted.decidedAt, at + 5);
    assert.deepEqual(await getQueueItem(db, item.id), accepted);
    assert.deepEqual(await listQueue(db), [], 'no longer pending');
    assert.deepEqual(
      (await listQueue(db, { status: 'accepted' })).map((entry) => entry.id),
      [item.id],
    );
    assert.deepEqual(await feedbackRows(db, item.findingId), [
      { kind: 'accepted', actor: 'alice', detail: null, category: 'security', repo: 'acme/shop', pr: 7 },
    ]);
  });

  test('two concurrent accepts post once', async () => {
    const { db } = await database.open();
    const item = await queueOne(db);
    let posts = 0;
    const post = async () => {
      posts++;
      await new Promise((resolve) => setImmediate(resolve));
    };
    const results = await Promise.allSettled([
      acceptQueueItem(db, item.id, { by: 'alice', post, now: at + 1 }),
      acceptQueueItem(db, item.id, { by: 'bob', post, now: at + 2 }),
    ]);
    assert.equal(posts, 1);
    const fulfilled = results.filter((result) => result.status === 'fulfilled');
    const rejected = results.filter((result) => result.status === 'rejected');
    assert.equal(fulfilled.length, 1);
    assert.equal(rejected.length, 1);
    assert.ok(rejected[0]!.reason instanceof QueueItemDecidedError);
    assert.equal((await feedbackRows(db, item.findingId)).length, 1);
  });

  test('a failing post leaves the item pending, and a retry posts it', async () => {
    const { db } = await database.open();
    const item = await queueOne(db);
    await assert.rejects(
      acceptQueueItem(db, item.id, {
        by: 'alice',
        post: async () => {
          throw new Error('GitHub answered 502');
        },
        now: at + 1,
      }),
      /GitHub answered 502/,
    );
    const after = await getQueueItem(db, item.id);
    assert.equal(after!.status, 'pending');
    assert.equal(after!.decidedBy, undefined);
    assert.equal(after!.decidedAt, undefined);
    assert.deepEqual(
      await feedbackRows(db, item.findingId),
      [],
      'no feedback for a decision that did not happen',
    );

    let posts = 0;
    await acceptQueueItem(db, item.id, {
      by: 'alice',
      post: async () => {
        posts++;
      },
      now: at + 2,
    });
    assert.equal(posts, 1);
    assert.equal((await getQueueItem(db, item.id))!.status, 'accepted');
  });

  test('dismissing needs a reason of at most 500 characters, and records it', async () => {
    const { db } = await database.open();
    const item = await queueOne(db, { category: 'bug' });
    for (const reason of ['', '   \n\t']) {
      await assert.rejects(
        dismissQueueItem(db, item.id, { by: 'bob', reason, now: at }),
        (error) => error instanceof UsageError && /needs a reason/.test(error.message),
      );
    }
    await assert.rejects(
      dismissQueueItem(db, item.id, { by: 'bob', reason: 'x'.repeat(501), now: at }),
      (error) => error instanceof UsageError && /at most 500/.test(error.message),
    );
    assert.equal((await getQueueItem(db, item.id))!.status, 'pending');

    const reason = `${'é'.repeat(498)}!`;
    const dismissed = await dismissQueueItem(db, item.id, {
      by: 'bob',
      reason: `  ${reason}\n`,
      now: at + 3,
    });
    assert.equal(dismissed.status, 'dismissed');
    assert.equal(dismissed.reason, reason);
    assert.equal(dismissed.decidedBy, 'bob');
    assert.deepEqual(await feedbackRows(db, item.findingId), [
      { kind: 'dismissed', actor: 'bob', detail: reason, category: 'bug', repo: 'acme/shop', pr: 7 },
    ]);
  });

  test('an unknown id and an item decided before are typed errors that say what happened', async () => {
    const { db } = await database.open();
    let posts = 0;
    const post = async () => {
      posts++;
    };
    await assert.rejects(
      acceptQueueItem(db, 'deadbeef', { by: 'alice', post, now: at }),
      (error) =>
        error instanceof QueueItemNotFoundError && error.id === 'deadbeef' && error.hint !== undefined,
    );
    await assert.rejects(
      dismissQueueItem(db, 'deadbeef', { by: 'alice', reason: 'noise', now: at }),
      QueueItemNotFoundError,
    );
    assert.equal(await getQueueItem(db, 'deadbeef'), undefined);

    const item = await queueOne(db);
    await dismissQueueItem(db, item.id, { by: 'bob', reason: 'a test fixture, not real code', now: at });
    await assert.rejects(
      acceptQueueItem(db, item.id, { by: 'alice', post, now: at + 1 }),
      (error) =>
        error instanceof QueueItemDecidedError &&
        error.item.status === 'dismissed' &&
        /already dismissed by bob/.test(error.message) &&
        /a test fixture/.test(error.message),
    );
    await assert.rejects(
      dismissQueueItem(db, item.id, { by: 'alice', reason: 'again', now: at + 1 }),
      QueueItemDecidedError,
    );
    assert.equal(posts, 0);
    const kept = await getQueueItem(db, item.id);
    assert.equal(kept!.decidedBy, 'bob', 'the first decision stands');

    const accepted = await queueOne(db);
    await acceptQueueItem(db, accepted.id, { by: 'carol', post, now: at });
    await assert.rejects(
      acceptQueueItem(db, accepted.id, { by: 'carol', post, now: at + 1 }),
      (error) => error instanceof QueueItemDecidedError && /already accepted by carol/.test(error.message),
    );
    assert.equal(posts, 1);
  });

  test('lists by status and repository, with a limit', async () => {
    const { db } = await database.open();
    const first = await queueOne(db, {}, 1);
    const second = await queueOne(db, {}, 2);
    const third = await queueHints({
      db,
      report: report({ findings: [hint({ category: 'bug', title: 'elsewhere' })] }),
      repo: 'acme/api',
      pr: 1,
      head: 'h',
      config,
      now: at + 10,
    });
    await dismissQueueItem(db, second.id, { by: 'bob', reason: 'duplicate', now: at + 20 });
    const ids = (items: QueueItem[]) => items.map((item) => item.id);
    assert.deepEqual(ids(await listQueue(db)), [first.id, third.items[0]!.id], 'oldest first');
    assert.deepEqual(ids(await listQueue(db, { repo: 'acme/api' })), [third.items[0]!.id]);
    assert.deepEqual(ids(await listQueue(db, { status: 'dismissed' })), [second.id]);
    assert.equal((await listQueue(db, { status: 'all' })).length, 3);
    assert.equal((await listQueue(db, { status: 'all', limit: 2 })).length, 2);
    await assert.rejects(listQueue(db, { limit: 0 }), UsageError);
  });
});
