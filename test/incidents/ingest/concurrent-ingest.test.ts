import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ingestAlerts, listIncidents } from '../../../src/incidents/index.ts';
import { forEachDatabase } from '../../support/databases.ts';
import { amAlert, incidentsConfig, minute, t0 } from './ingest-fixtures.ts';

forEachDatabase('ingestAlerts at once', (database) => {
  test('calls at the same time on one group open one incident', async () => {
    const { db } = await database.open();
    const config = incidentsConfig();
    const results = await Promise.all(
      Array.from({ length: 8 }, (_, index) =>
        ingestAlerts(db, {
          config,
          alerts: [amAlert({ alertname: 'HighLatency', service: 'api', instance: `api-${index}` })],
          now: t0 + minute,
        }),
      ),
    );
    assert.equal(results.filter((result) => result.created === 1).length, 1);
    const incidents = await listIncidents(db);
    assert.equal(incidents.length, 1);
    assert.equal(incidents[0]?.alertCount, 8);
  });

  test('calls at the same time on linked services, and on one alert, open one incident', async () => {
    const { db } = await database.open();
    const config = incidentsConfig({ dependencies: { api: ['db'], web: ['api'] } });
    const alert = amAlert({ alertname: 'PostgresDown', service: 'db' });
    await Promise.all([
      ingestAlerts(db, { config, alerts: [alert], now: t0 }),
      ingestAlerts(db, { config, alerts: [alert], now: t0 }),
      ingestAlerts(db, {
        config,
        alerts: [amAlert({ alertname: 'HighErrorRate', service: 'api' })],
        now: t0,
      }),
      ingestAlerts(db, {
        config,
        alerts: [amAlert({ alertname: 'CheckoutFailing', service: 'web' })],
        now: t0,
      }),
    ]);
    const incidents = await listIncidents(db);
    assert.equal(incidents.length, 1);
    assert.deepEqual(incidents[0]?.services, ['api', 'db', 'web']);
    assert.equal(incidents[0]?.alertCount, 3);
    const rows = await db.selectFrom('incident_alerts').select(['fingerprint', 'occurrences']).execute();
    assert.equal(rows.find((row) => row.fingerprint === alert.fingerprint)?.occurrences, 2);
  });
});
