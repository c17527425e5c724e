import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Kysely } from 'kysely';
import {
  createSimilarityIndex,
  HistoryImportError,
  historyIdOf,
  IncidentNotResolvedError,
  importHistory,
  loadPastIncidents,
  type PastIncidentInput,
  parseHistory,
  pastIncidentId,
  recordResolvedIncident,
} from '../../../src/incidents/history/index.ts';
import type { Database } from '../../../src/store/index.ts';
import { forEachDatabase } from '../../support/databases.ts';

const at = Date.UTC(2026, 0, 15, 12);

function incident(overrides: Partial<PastIncidentInput> = {}): PastIncidentInput {
  return {
    title: 'Disk full on orders-db',
    services: ['orders-db'],
    labels: { service: 'orders-db', alertname: 'NodeFilesystemAlmostOutOfSpace' },
    summary: 'Writes failed.',
    root_cause: 'WAL kept for a stale replication slot.',
    actions: [{ action: 'Dropped the slot', kind: 'config_change', outcome: 'resolved', minutes: 20 }],
    resolved: true,
    minutes_to_resolve: 25.5,
    occurred_at: '2024-03-01T10:00:00Z',
    ...overrides,
  };
}

async function count(db: Kysely<Database>): Promise<number> {
  const row = await db
    .selectFrom('incident_history')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

forEachDatabase('incident history import', (database) => {
  test('imports past incidents and reads them back as they were', async () => {
    const { db } = await database.open();
    const result = await importHistory(db, [incident({ id: 'INC-1' }), incident({ title: 'No id' })], at);
    assert.deepEqual(result, { imported: 2, updated: 0, unchanged: 0 });
    const hashId = pastIncidentId(incident({ title: 'No id' }));
    assert.match(hashId, /^h-[0-9a-f]{16}$/);
    const found = await loadPastIncidents(db, ['INC-1', hashId, 'missing']);
    assert.deepEqual([...found.keys()].sort(), ['INC-1', hashId].sort());
    assert.deepEqual(found.get('INC-1'), {
      id: 'INC-1',
      title: 'Disk full on orders-db',
      services: ['orders-db'],
      labels: { alertname: 'NodeFilesystemAlmostOutOfSpace', service: 'orders-db' },
      summary: 'Writes failed.',
      rootCause: 'WAL kept for a stale replication slot.',
      actions: [{ action: 'Dropped the slot', kind: 'config_change', outcome: 'resolved', minutes: 20 }],
      resolved: true,
      minutesToResolve: 25.5,
      occurredAt: Date.UTC(2024, 2, 1, 10),
      importedAt: at,
    });
  });

  test('is idempotent: by id (updating changed content) and by content hash without one', async () => {
    const { db } = await database.open();
    const rows = [incident({ id: 'INC-1' }), incident({ title: 'Hashed' })];
    assert.deepEqual(await importHistory(db, rows, at), { imported: 2, updated: 0, unchanged: 0 });
    assert.deepEqual(await importHistory(db, rows, at + 1), { imported: 0, updated: 0, unchanged: 2 });
    const changed = [
      incident({ id: 'INC-1', summary: 'Writes failed for 40 minutes.' }),
      incident({ title: 'Hashed' }),
    ];
    assert.deepEqual(await importHistory(db, changed, at + 2), { imported: 0, updated: 1, unchanged: 1 });
    assert.equal(
      (await loadPastIncidents(db, ['INC-1'])).get('INC-1')?.summary,
      'Writes failed for 40 minutes.',
    );
    // Changed content without an id is another incident.
    assert.deepEqual(await importHistory(db, [incident({ title: 'Hashed', summary: 'Other' })], at), {
      imported: 1,
      updated: 0,
      unchanged: 0,
    });
    assert.equal(await count(db), 3);
  });

  test('imports nothing when any incident is bad', async () => {
    const { db } = await database.open();
    const bad = { ...incident(), minutes_to_resolve: -3 } as PastIncidentInput;
    await assert.rejects(
      importHistory(db, [incident({ id: 'OK-1' }), bad], at),
      (error: unknown) =>
        error instanceof HistoryImportError &&
        error.issues.length === 1 &&
        error.issues[0]!.index === 1 &&
        error.issues[0]!.field === 'minutes_to_resolve',
    );
    assert.equal(await count(db), 0);
  });

  test('a file is imported in one transaction: a statement failing late leaves nothing behind', async () => {
    const { db } = await database.open();
    // Validation cannot fail here, so make the store refuse a row: a unique summary, clashing in the
    // second chunk of inserts (rows are inserted 400 at a time).
    await db.schema
      .createIndex('test_unique_summary')
      .on('incident_history')
      .column('summary')
      .unique()
      .execute();
    const rows = Array.from({ length: 500 }, (_, index) =>
      incident({ id: `BULK-${index}`, summary: index === 450 ? 'summary 0' : `summary ${index}` }),
    );
    await assert.rejects(importHistory(db, rows, at));
    assert.equal(await count(db), 0);
  });

  test('parsed CSV rows import and re-import unchanged', async () => {
    const { db } = await database.open();
    const rows = parseHistory(
      'title,summary,resolved,actions\nDisk full,Writes failed,true,Dropped the slot|resolved|20\n',
      'csv',
      'h.csv',
    );
    assert.equal((await importHistory(db, rows, at)).imported, 1);
    assert.equal((await importHistory(db, rows, at)).unchanged, 1);
  });

  test('a resolved Steward incident joins history, with shared labels and its triage', async () => {
    const { db } = await database.open();
    const opened = Date.UTC(2026, 0, 15, 10);
    await db
      .insertInto('incidents')
      .values({
        id: 'a1b2c3d4',
        title: 'HighLatency on checkout-api',
        status: 'resolved',
        source: 'alertmanager',
        group_key: '{}:{alertname="HighLatency"}',
        services: JSON.stringify(['checkout-api']),
        severity: 'high',
        alert_count: 2,
        opened_at_ms: opened,
        last_alert_at_ms: opened + 60_000,
        resolved_at_ms: opened + 42 * 60_000,
        triage: JSON.stringify({
          summary: 'p99 latency of checkout-api above 2 s.',
          likelyCause: 'a slow database',
        }),
        slack_ts: null,
        updated_at_ms: opened + 42 * 60_000,
      })
      .execute();
    for (const [index, pod] of ['checkout-1', 'checkout-2'].entries()) {
      await db
        .insertInto('incident_alerts')
        .values({
          id: `alert-${index}`,
          incident_id: 'a1b2c3d4',
          source: 'alertmanager',
          fingerprint: `f${index}`,
          status: 'resolved',
          alertname: 'HighLatency',
          service: 'checkout-api',
          labels: JSON.stringify({ alertname: 'HighLatency', service: 'checkout-api', pod }),
          annotations: '{}',
          starts_at_ms: opened,
          ends_at_ms: opened + 40 * 60_000,
          occurrences: 1,
          received_at_ms: opened,
          updated_at_ms: opened,
        })
        .execute();
    }
    const index = createSimilarityIndex(db);
    assert.equal(await index.size(), 0);
    const recorded = await recordResolvedIncident(db, 'a1b2c3d4', {
      now: at,
      actions: [{ action: 'Rolled back checkout-api', kind: 'rollback', outcome: 'resolved', minutes: 30 }],
      index,
    });
    assert.equal(recorded.id, historyIdOf('a1b2c3d4'));
    assert.deepEqual(recorded.labels, { alertname: 'HighLatency', service: 'checkout-api' });
    assert.equal(recorded.summary, 'p99 latency of checkout-api above 2 s.');
    assert.equal(recorded.rootCause, 'a slow database');
    assert.equal(recorded.minutesToResolve, 42);
    assert.equal(recorded.occurredAt, opened);
    assert.deepEqual(recorded.services, ['checkout-api']);
    assert.equal(await index.size(), 1);
    const [found] = await index.search({
      title: 'checkout-api latency high',
      labels: { alertname: 'HighLatency' },
    });
    assert.equal(found?.id, 'steward-a1b2c3d4');

    // Recording it again (with a summary now) replaces it.
    const again = await recordResolvedIncident(db, 'a1b2c3d4', {
      now: at + 1,
      summary: 'Written by a human.',
    });
    assert.equal(again.summary, 'Written by a human.');
    assert.equal(await count(db), 1);
  });

  test('an unknown or open incident does not join history', async () => {
    const { db } = await database.open();
    await assert.rejects(recordResolvedIncident(db, 'ffffffff', { now: at }), IncidentNotResolvedError);
    await db
      .insertInto('incidents')
      .values({
        id: 'b1b2c3d4',
        title: 'Still firing',
        status: 'open',
        source: 'generic',
        group_key: 'k',
        services: '[]',
        severity: 'low',
        alert_count: 1,
        opened_at_ms: at,
        last_alert_at_ms: at,
        resolved_at_ms: null,
        triage: null,
        slack_ts: null,
        updated_at_ms: at,
      })
      .execute();
    await assert.rejects(recordResolvedIncident(db, 'b1b2c3d4', { now: at }), /not resolved yet/);
  });
});
