import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { describe, test } from 'node:test';
import type { Kysely } from 'kysely';
import {
  type CategoryStats,
  categoryStats,
  type FeedbackKind,
  recordFeedback,
  summarizeFeedback,
  verdictOf,
} from '../../../src/review/feedback/index.ts';
import { type Category, categories } from '../../../src/review/finding.ts';
import { acceptQueueItem, dismissQueueItem, queueHints } from '../../../src/review/queue/index.ts';
import type { Database } from '../../../src/store/index.ts';
import { forEachDatabase } from '../../support/databases.ts';
import { finding, report } from '../output/report-fixtures.ts';
import { type Random, seededRandom } from '../queue/random.ts';

const kinds: FeedbackKind[] = [
  'thumbs_up',
  'thumbs_down',
  'resolved',
  'unresolved',
  'reply',
  'changed',
  'accepted',
  'dismissed',
];
const day = 86_400_000;
const now = Date.UTC(2026, 5, 1);

describe('verdict of one finding', () => {
  const cases: [string, [FeedbackKind, number][], 'accepted' | 'rejected' | undefined][] = [
    ['no signal', [], undefined],
    [
      'neutral signals only',
      [
        ['reply', 1],
        ['unresolved', 2],
      ],
      undefined,
    ],
    ['a resolved thread', [['resolved', 1]], 'accepted'],
    ['lines changed', [['changed', 1]], 'accepted'],
    [
      'resolved, then unresolved: still acted on',
      [
        ['resolved', 1],
        ['unresolved', 2],
      ],
      'accepted',
    ],
    [
      'a thumbs down beats a later resolution',
      [
        ['thumbs_down', 1],
        ['resolved', 2],
        ['changed', 3],
      ],
      'rejected',
    ],
    ['a thumbs up', [['thumbs_up', 1]], 'accepted'],
    [
      'the latest explicit wins: down then up',
      [
        ['thumbs_down', 1],
        ['thumbs_up', 2],
      ],
      'accepted',
    ],
    [
      'the latest explicit wins: up then down',
      [
        ['thumbs_up', 1],
        ['thumbs_down', 2],
      ],
      'rejected',
    ],
    [
      'dismissed in the queue',
      [
        ['dismissed', 5],
        ['changed', 6],
      ],
      'rejected',
    ],
    [
      'accepted in the queue, thumbs down later',
      [
        ['accepted', 5],
        ['thumbs_down', 9],
      ],
      'rejected',
    ],
    [
      'a tie between explicit verdicts is a rejection',
      [
        ['thumbs_up', 4],
        ['thumbs_down', 4],
      ],
      'rejected',
    ],
    [
      'order of the rows does not matter',
      [
        ['thumbs_up', 9],
        ['thumbs_down', 4],
      ],
      'accepted',
    ],
  ];
  for (const [name, signals, expected] of cases) {
    test(name, () => {
      assert.equal(verdictOf(signals.map(([kind, at]) => ({ kind, at }))), expected);
    });
  }
});

/** A random history: findings that reached a human (some twice, some of unknown category) and signals. */
function randomHistory(random: Random) {
  const findings: { findingId: string; category: string }[] = [];
  const signals: { findingId: string; kind: FeedbackKind; at: number }[] = [];
  const count = random.int(0, 40);
  for (let index = 0; index < count; index++) {
    const findingId = `f${index}`;
    const category = random.bool(0.05) ? 'unknown' : random.pick(categories);
    findings.push({ findingId, category });
    if (random.bool(0.1)) findings.push({ findingId, category });
    for (let signal = random.int(0, 5); signal > 0; signal--) {
      signals.push({ findingId, kind: random.pick(kinds), at: random.int(0, 20) });
    }
  }
  for (let stray = random.int(0, 3); stray > 0; stray--) {
    signals.push({ findingId: `stray${stray}`, kind: random.pick(kinds), at: 1 });
  }
  return { findings, signals };
}

function assertConsistent(stats: CategoryStats, where: string): void {
  assert.deepEqual(Object.keys(stats).sort(), [...categories].sort(), where);
  for (const category of categories) {
    const stat = stats[category];
    const at = `${where}, ${category}`;
    assert.equal(stat.accepted + stat.rejected, stat.judged, at);
    assert.ok(stat.judged <= stat.posted, at);
    for (const rate of [stat.acceptanceRate, stat.falsePositiveRate, stat.precision]) {
      if (rate !== null) assert.ok(rate >= 0 && rate <= 1, at);
    }
    assert.equal(stat.acceptanceRate === null, stat.posted === 0, at);
    assert.equal(stat.precision === null, stat.judged === 0, at);
    assert.equal(stat.falsePositiveRate === null, stat.judged === 0, at);
    if (stat.precision !== null)
      assert.ok(Math.abs(stat.precision + stat.falsePositiveRate! - 1) < 1e-12, at);
  }
}

test('on random histories, rates stay within 0..1 and accepted + rejected = judged ≤ posted', () => {
  for (let seed = 1; seed <= 500; seed++) {
    const random = seededRandom(seed);
    const { findings, signals } = randomHistory(random);
    const stats = summarizeFeedback(findings, signals);
    assertConsistent(stats, `seed ${seed}`);
    const known = new Set(
      findings.filter((entry) => entry.category !== 'unknown').map((entry) => entry.findingId),
    );
    const posted = categories.reduce((total, category) => total + stats[category].posted, 0);
    assert.equal(posted, known.size, `seed ${seed}: each finding counts once`);
    // Adding a neutral signal never changes anything.
    const neutral = signals.concat(findings.map((entry) => ({ ...entry, kind: 'reply' as const, at: 99 })));
    assert.deepEqual(summarizeFeedback(findings, neutral), stats, `seed ${seed}`);
  }
});

async function post(
  db: Kysely<Database>,
  category: Category,
  postedAt: number,
  signals: [FeedbackKind, string, number][],
): Promise<string> {
  const findingId = randomUUID();
  await db
    .insertInto('github_posted_findings')
    .values({
      repo: 'acme/shop',
      pr: 1,
      fingerprint: randomUUID(),
      finding_id: findingId,
      category,
      comment_id: null,
      review_id: null,
      posted_at_ms: postedAt,
    })
    .execute();
  for (const [kind, actor, at] of signals) {
    await recordFeedback(db, { findingId, repo: 'acme/shop', pr: 1, category, kind, actor, at });
  }
  return findingId;
}

forEachDatabase('category statistics', (database) => {
  test('count what reached a human in the window, and what people made of it', async () => {
    const { db } = await database.open();
    const recent = now - 10 * day;
    // security: 4 posted, 1 👍, 1 resolved, 1 👎 after a resolution, 1 without a verdict.
    await post(db, 'security', recent, [['thumbs_up', 'alice', recent + 1]]);
    await post(db, 'security', recent, [['resolved', 'bob', recent + 1]]);
    await post(db, 'security', recent, [
      ['resolved', 'bob', recent + 1],
      ['thumbs_down', 'carol', recent + 2],
    ]);
    await post(db, 'security', recent, [['reply', 'dave', recent + 1]]);
    // bug: 1 posted and changed later; 1 posted before the window, judged inside it (not counted).
    await post(db, 'bug', recent, [['changed', '', recent + 5]]);
    await post(db, 'bug', now - 200 * day, [['thumbs_down', 'eve', recent]]);
    // style: a 👍 from before the window does not count; the finding itself is recent.
    await post(db, 'style', now - 30 * day, [['thumbs_up', 'alice', now - 95 * day]]);

    // Queue decisions: a dismissed and an accepted bug; a pending one has not reached anybody yet.
    const queued = await queueHints({
      db,
      report: report({
        findings: ['one', 'two', 'three'].map((title) =>
          finding({ id: randomUUID(), category: 'bug', route: 'hint', title }),
        ),
      }),
      repo: 'acme/shop',
      pr: 2,
      head: 'h',
      config: { categories: ['bug'] },
      now: recent,
    });
    await dismissQueueItem(db, queued.items[0]!.id, { by: 'bob', reason: 'not reachable', now: recent + 1 });
    await acceptQueueItem(db, queued.items[1]!.id, { by: 'bob', post: async () => {}, now: recent + 2 });

    const stats = await categoryStats(db, { since: now - 90 * day });
    assertConsistent(stats, 'history');
    assert.deepEqual(stats.security, {
      posted: 4,
      judged: 3,
      accepted: 2,
      rejected: 1,
      acceptanceRate: 2 / 4,
      falsePositiveRate: 1 / 3,
      precision: 2 / 3,
    });
    assert.deepEqual(stats.bug, {
      posted: 3,
      judged: 3,
      accepted: 2,
      rejected: 1,
      acceptanceRate: 2 / 3,
      falsePositiveRate: 1 / 3,
      precision: 2 / 3,
    });
    assert.deepEqual(stats.style, {
      posted: 1,
      judged: 0,
      accepted: 0,
      rejected: 0,
      acceptanceRate: 0,
      falsePositiveRate: null,
      precision: null,
    });
    assert.deepEqual(stats.performance, {
      posted: 0,
      judged: 0,
      accepted: 0,
      rejected: 0,
      acceptanceRate: null,
      falsePositiveRate: null,
      precision: null,
    });
  });

  test('a queue item that was accepted and then posted counts once', async () => {
    const { db } = await database.open();
    const queued = await queueHints({
      db,
      report: report({ findings: [finding({ id: randomUUID(), category: 'security', route: 'hint' })] }),
      repo: 'acme/shop',
      pr: 3,
      head: 'h',
      config: { categories: ['security'] },
      now,
    });
    const item = queued.items[0]!;
    await acceptQueueItem(db, item.id, {
      by: 'alice',
      post: async (accepted) => {
        await db
          .insertInto('github_posted_findings')
          .values({
            repo: accepted.repo,
            pr: accepted.pr,
            fingerprint: accepted.fingerprint,
            finding_id: accepted.findingId,
            category: accepted.category,
            comment_id: 42,
            review_id: 1,
            posted_at_ms: now,
          })
          .execute();
      },
      now,
    });
    const stats = await categoryStats(db, { since: now - day });
    assert.equal(stats.security.posted, 1);
    assert.equal(stats.security.accepted, 1);
  });

  test('random histories read from the store agree with the summary', async () => {
    for (let seed = 1; seed <= 4; seed++) {
      const { db } = await database.open();
      const random = seededRandom(seed * 7919);
      const { findings, signals } = randomHistory(random);
      const ids = new Map<string, string>();
      const idOf = (key: string) => {
        if (!ids.has(key)) ids.set(key, randomUUID());
        return ids.get(key)!;
      };
      const stored = new Set<string>();
      for (const entry of findings) {
        if (stored.has(entry.findingId)) continue;
        stored.add(entry.findingId);
        await db
          .insertInto('github_posted_findings')
          .values({
            repo: 'acme/shop',
            pr: 1,
            fingerprint: randomUUID(),
            finding_id: idOf(entry.findingId),
            category: entry.category,
            comment_id: null,
            review_id: null,
            posted_at_ms: now,
          })
          .execute();
      }
      // The store keeps one signal per finding, kind and actor: give every signal its own actor.
      for (const [index, signal] of signals.entries()) {
        await recordFeedback(db, {
          findingId: idOf(signal.findingId),
          repo: 'acme/shop',
          pr: 1,
          category: 'bug',
          kind: signal.kind,
          actor: `user${index}`,
          at: now + signal.at,
        });
      }
      const expected = summarizeFeedback(
        findings,
        signals.map((signal) => ({ ...signal, at: now + signal.at })),
      );
      const actual = await categoryStats(db, { since: now });
      assert.deepEqual(actual, expected, `seed ${seed * 7919}`);
      assertConsistent(actual, `seed ${seed * 7919}`);
    }
  });
});
