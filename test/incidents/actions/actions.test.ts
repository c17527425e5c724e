import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import { productionActionKinds } from '../../../src/config/index.ts';
import {
  inferActionKind,
  modelSuggestion,
  normalizeActionText,
  rankActions,
  type ScoredPastIncident,
  saveProposals,
  scoredPastIncidents,
  toProposals,
  wilsonLowerBound,
} from '../../../src/incidents/actions/index.ts';
import {
  createSimilarityIndex,
  importHistory,
  loadPastIncidents,
  parseHistory,
} from '../../../src/incidents/history/index.ts';
import { forEachDatabase } from '../../support/databases.ts';

const at = Date.UTC(2026, 0, 15, 12);

/** The example of src/incidents/actions/README.md. */
const similar: ScoredPastIncident[] = [
  {
    id: 'INC-1003',
    title: 'orders-db refusing connections: too many clients',
    score: 0.9,
    minutesToResolve: 22,
    actions: [
      {
        action: 'Restarted pgbouncer',
        kind: 'restart',
        target: 'pgbouncer',
        outcome: 'no_effect',
        minutes: 7,
      },
      {
        action: 'Rolled back orders-api.',
        kind: 'rollback',
        target: 'orders-api',
        outcome: 'resolved',
        minutes: 16,
      },
    ],
  },
  {
    id: 'INC-1080',
    title: 'orders-api p99 latency spike after release',
    score: 0.6,
    minutesToResolve: 14,
    actions: [
      { action: 'Scaled orders-api', kind: 'scale', target: 'orders-api', outcome: 'no_effect', minutes: 5 },
      {
        action: 'Rolled back orders-api',
        kind: 'rollback',
        target: 'Orders-API',
        outcome: 'resolved',
        minutes: 12,
      },
    ],
  },
  {
    id: 'INC-1006',
    title: 'billing-db connection storm after pgbouncer restart',
    score: 0.5,
    minutesToResolve: 80,
    actions: [
      { action: 'Restarted pgbouncer', kind: 'restart', target: 'pgbouncer', outcome: 'worse', minutes: 6 },
      {
        action: 'Rolled back orders-api',
        kind: 'rollback',
        target: 'orders-api',
        outcome: 'resolved',
        minutes: 10,
      },
    ],
  },
];

describe('rankActions', () => {
  test('ranks by the Wilson lower bound of the similarity-weighted success rate (README example)', () => {
    const ranked = rankActions(similar, { resolutionMinutes: 30 });
    assert.deepEqual(
      ranked.map((action) => [action.action, action.kind, action.target, action.score]),
      [
        ['roll back orders-api', 'rollback', 'orders-api', 0.2478],
        ['restart pgbouncer', 'restart', 'pgbouncer', 0],
        ['scale orders-api', 'scale', 'orders-api', 0],
      ],
    );
    const [rollback] = ranked;
    assert.equal(rollback!.origin, 'history');
    assert.deepEqual(rollback!.evidence, {
      incidents: [
        {
          id: 'INC-1003',
          title: 'orders-db refusing connections: too many clients',
          outcome: 'resolved',
          minutesToResolve: 22,
          minutes: 16,
          similarity: 0.9,
          worked: true,
        },
        {
          id: 'INC-1080',
          title: 'orders-api p99 latency spike after release',
          outcome: 'resolved',
          minutesToResolve: 14,
          minutes: 12,
          similarity: 0.6,
          worked: true,
        },
        {
          id: 'INC-1006',
          title: 'billing-db connection storm after pgbouncer restart',
          outcome: 'resolved',
          minutesToResolve: 80,
          minutes: 10,
          similarity: 0.5,
          worked: false,
        },
      ],
      tries: 3,
      worked: 2,
      weightedTries: 2,
      weightedWorked: 1.5,
      resolutionMinutes: 30,
    });
    assert.deepEqual(
      rankActions(similar, { resolutionMinutes: 30, limit: 1 }).map((action) => action.action),
      ['roll back orders-api'],
    );
    // With a 90-minute window the late resolution in INC-1006 counts too.
    assert.equal(rankActions(similar, { resolutionMinutes: 90 })[0]!.evidence?.worked, 3);
  });

  test('different wording or kind is a different action', () => {
    const ranked = rankActions(
      [
        {
          id: 'A',
          title: 'a',
          score: 1,
          minutesToResolve: 10,
          actions: [
            { action: 'rollback orders-api', outcome: 'resolved' },
            { action: 'Rolled back orders-api', outcome: 'resolved' },
            { action: 'Rolled back orders-api', kind: 'deploy', outcome: 'resolved' },
          ],
        },
      ],
      { resolutionMinutes: 30 },
    );
    assert.equal(ranked.length, 3);
  });

  test('the Wilson bound rewards consistent evidence over one lucky case', () => {
    assert.equal(wilsonLowerBound(0, 0), 0);
    assert.equal(wilsonLowerBound(0, 3), 0);
    assert.ok(wilsonLowerBound(3, 3) > wilsonLowerBound(1, 1));
    assert.ok(wilsonLowerBound(8, 10) > wilsonLowerBound(1, 1));
    assert.ok(Math.abs(wilsonLowerBound(1.5, 2) - 0.2478) < 1e-4);
  });

  test('an action worked when resolved in time; unknown minutes do not count against it', () => {
    const ranked = rankActions(
      [
        {
          id: 'A',
          title: 'a',
          score: 1,
          minutesToResolve: null,
          actions: [
            { action: 'Flush the cache', outcome: 'resolved' },
            { action: 'Flush the cache', outcome: 'no_effect', minutes: 3 },
            { action: 'Investigated logs', outcome: 'improved' },
          ],
        },
        {
          id: 'B',
          title: 'b',
          score: 0,
          minutesToResolve: 5,
          actions: [{ action: 'Flush the cache', outcome: 'worse' }],
        },
      ],
      { resolutionMinutes: 30 },
    );
    assert.deepEqual(
      ranked.map((action) => [action.action, action.kind, action.evidence?.tries, action.evidence?.worked]),
      [
        ['flush the cache', 'flush_cache', 1, 1],
        ['investigated logs', 'investigate', 1, 0],
      ],
    );
  });

  test('joins search results with the past incidents they name, skipping missing ones', () => {
    const past = new Map(
      similar.map((incident) => [incident.id, { ...incident, actions: [...incident.actions] }]),
    );
    const joined = scoredPastIncidents(
      [
        { id: 'INC-1080', score: 0.3 },
        { id: 'gone', score: 0.9 },
      ],
      past,
    );
    assert.deepEqual(
      joined.map((incident) => [incident.id, incident.score]),
      [['INC-1080', 0.3]],
    );
  });
});

describe('normalising and classifying actions', () => {
  test('normalises wording', () => {
    assert.equal(
      normalizeActionText('  Restarted   the payments-api pods.  '),
      'restart the payments-api pods',
    );
    assert.equal(normalizeActionText('We then rolled back Checkout-API!'), 'roll back checkout-api');
  });

  test('infers the kind from the text', () => {
    const cases: [string, string][] = [
      ['roll back orders-api', 'rollback'],
      ['revert the bucket policy change', 'rollback'],
      ['promote the replica to primary', 'failover'],
      ['fail over to the secondary PSP', 'failover'],
      ['purge the CDN cache', 'flush_cache'],
      ['restart pgbouncer', 'restart'],
      ['scale checkout-api to 20 pods', 'scale'],
      ['deploy the hotfix', 'deploy'],
      ['expand the data volume', 'infra_change'],
      ['raise the memory limit', 'config_change'],
      ['turn off the new_checkout flag', 'config_change'],
      ['post a status page update', 'communicate'],
      ['check the slow query log', 'investigate'],
      ['refund the duplicate charges', 'other'],
    ];
    for (const [text, kind] of cases) assert.equal(inferActionKind(text), kind, text);
  });

  test('a model suggestion has origin model, score 0 and no evidence', () => {
    assert.deepEqual(modelSuggestion('Restart the payments-api pods.', { target: 'payments-api' }), {
      action: 'restart the payments-api pods',
      kind: 'restart',
      target: 'payments-api',
      origin: 'model',
      score: 0,
      evidence: null,
    });
    assert.equal(modelSuggestion('Check the dashboards', { kind: 'investigate' }).kind, 'investigate');
  });
});

describe('toProposals', () => {
  test('only actions whose kind touches production become proposals, with a rationale', () => {
    const ranked = [
      ...rankActions(similar, { resolutionMinutes: 30 }),
      modelSuggestion('Fail over orders-db'),
      modelSuggestion('Look at the dashboards'),
    ];
    const rows = toProposals('a1b2c3d4', ranked, ['rollback', 'failover', 'restart'], at);
    assert.deepEqual(
      rows.map((row) => [
        row.action,
        row.kind,
        row.target,
        row.origin,
        row.status,
        row.incident_id,
        row.created_at_ms,
      ]),
      [
        ['roll back orders-api', 'rollback', 'orders-api', 'history', 'proposed', 'a1b2c3d4', at],
        ['restart pgbouncer', 'restart', 'pgbouncer', 'history', 'proposed', 'a1b2c3d4', at],
        ['fail over orders-db', 'failover', null, 'model', 'proposed', 'a1b2c3d4', at],
      ],
    );
    for (const row of rows) assert.match(row.id, /^[0-9a-f]{8}$/);
    assert.equal(
      rows[0]!.rationale,
      'Resolved 2 of 3 similar past incidents within 30 minutes of being taken (INC-1003 worked, similarity 0.90; INC-1080 worked, similarity 0.60; INC-1006 resolved 70 minutes later, similarity 0.50); score 0.25.',
    );
    assert.equal(
      rows[1]!.rationale,
      'Resolved 0 of 2 similar past incidents within 30 minutes of being taken (INC-1003 no effect, similarity 0.90; INC-1006 worse, similarity 0.50); score 0.00.',
    );
    assert.equal(JSON.parse(rows[0]!.evidence).tries, 3);
    assert.equal(rows[2]!.rationale, 'Suggested by the model; no similar past incident supports it.');
    assert.deepEqual(JSON.parse(rows[2]!.evidence), {
      incidents: [],
      tries: 0,
      worked: 0,
      score: 0,
    });
    assert.deepEqual(toProposals('a1b2c3d4', ranked, [], at), []);
    assert.equal(toProposals('a1b2c3d4', ranked, [...productionActionKinds], at).length, 4);
  });
});

forEachDatabase('incident proposals', (database) => {
  test('saveProposals is idempotent by incident and action', async () => {
    const { db } = await database.open();
    const ranked = rankActions(similar, { resolutionMinutes: 30 });
    const first = await saveProposals(db, toProposals('a1b2c3d4', ranked, ['rollback', 'restart'], at));
    assert.equal(first.saved.length, 2);
    assert.equal(first.existing, 0);
    const again = await saveProposals(
      db,
      toProposals('a1b2c3d4', ranked, ['rollback', 'restart', 'scale'], at + 1),
    );
    assert.deepEqual(
      again.saved.map((row) => row.action),
      ['scale orders-api'],
    );
    assert.equal(again.existing, 2);
    const other = await saveProposals(db, toProposals('ffffffff', ranked, ['rollback'], at));
    assert.equal(other.saved.length, 1);
    const stored = await db
      .selectFrom('incident_proposals')
      .select(['incident_id', 'action', 'status', 'created_at_ms'])
      .orderBy('incident_id')
      .orderBy('action')
      .execute();
    assert.equal(stored.length, 4);
    assert.ok(stored.every((row) => row.status === 'proposed'));
    assert.equal(
      Number(
        stored.find((row) => row.incident_id === 'a1b2c3d4' && row.action === 'roll back orders-api')
          ?.created_at_ms,
      ),
      at,
      'the first proposal is kept as it was',
    );
    assert.deepEqual(await saveProposals(db, []), { saved: [], existing: 0 });
  });

  test('from a new incident to proposals: similar past incidents, their actions ranked, production ones proposed', async () => {
    const { db } = await database.open();
    const file = new URL('../history/fixtures/past-incidents.json', import.meta.url);
    await importHistory(db, parseHistory(readFileSync(file, 'utf8'), 'json', file.pathname), at);
    const similarIncidents = await createSimilarityIndex(db).search({
      title: 'orders-api cannot open database connections',
      summary: 'too many clients already on the orders Postgres since the rollout',
      labels: { alertname: 'PostgresqlTooManyConnections', service: 'orders-db' },
      services: ['orders-db', 'orders-api'],
    });
    assert.equal(similarIncidents[0]?.id, 'INC-1003');
    const past = await loadPastIncidents(
      db,
      similarIncidents.map((result) => result.id),
    );
    const ranked = rankActions(scoredPastIncidents(similarIncidents, past), { resolutionMinutes: 30 });
    assert.equal(ranked[0]?.action, 'roll back orders-api to the previous release');
    const proposals = toProposals('a1b2c3d4', ranked, [...productionActionKinds], at);
    assert.ok(proposals.length > 0);
    assert.ok(proposals.every((row) => (productionActionKinds as readonly string[]).includes(row.kind)));
    assert.equal((await saveProposals(db, proposals)).saved.length, proposals.length);
    assert.equal((await saveProposals(db, proposals)).existing, proposals.length);
  });
});
