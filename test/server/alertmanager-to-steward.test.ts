import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { groupKeyOf } from '../../src/incidents/index.ts';
import { createLogger } from '../../src/logging/index.ts';
import { startServer } from '../../src/server/index.ts';
import { openStore } from '../../src/store/index.ts';
import { alertmanagerSkip, startAlertmanager } from '../support/alertmanager.ts';
import { forEachDatabase } from '../support/databases.ts';
import { waitFor } from '../support/github-app-fixture.ts';
import { makeWorkspace } from '../support/run-cli.ts';

const token = 'alertmanager-to-steward-token';

forEachDatabase('a real Alertmanager feeding steward serve', (database) => {
  test('alerts posted to Alertmanager arrive, keep its fingerprints and groups, are triaged, and resolve', {
    skip: alertmanagerSkip(),
  }, async () => {
    const options = await database.create();
    const workspace = makeWorkspace({
      '.steward.yml':
        'server:\n  port: 0\nincidents:\n  group_by: [alertname, service]\n  dependencies:\n    checkout: [payments]\n',
    });
    const server = await startServer({
      cwd: workspace.dir,
      env: {
        STEWARD_ALERTMANAGER_TOKEN: token,
        STEWARD_DATA_DIR: options.dataDir ?? join(workspace.dir, 'data'),
        ...(options.databaseUrl === undefined ? {} : { DATABASE_URL: options.databaseUrl }),
      },
      logger: createLogger({ format: 'json', level: 'silent' }),
    });
    const alertmanager = await startAlertmanager({
      webhookUrl: `${server.url}/webhooks/alertmanager`,
      bearerToken: token,
      groupBy: ['alertname', 'service'],
      groupWaitMs: 100,
      groupIntervalMs: 500,
    });
    const store = await openStore(options);
    try {
      const now = Date.now();
      const alerts = [
        {
          labels: { alertname: 'HighLatency', service: 'search', instance: 'search-1', severity: 'warning' },
        },
        {
          labels: { alertname: 'HighLatency', service: 'search', instance: 'search-2', severity: 'warning' },
        },
        {
          labels: { alertname: 'DiskFull', service: 'logs', instance: 'logs-1', severity: 'critical' },
          annotations: { summary: 'disk 98% full' },
        },
        { labels: { alertname: 'Errors5xx', service: 'checkout', instance: 'co-1', severity: 'critical' } },
        {
          labels: {
            alertname: 'GatewayTimeouts',
            service: 'payments',
            instance: 'pay-1',
            severity: 'critical',
          },
        },
      ].map((alert) => ({ ...alert, startsAt: new Date(now - 60_000).toISOString() }));
      await alertmanager.postAlerts(alerts);
      await waitFor(
        async () =>
          (await store.db.selectFrom('incident_alerts').select('id').execute()).length === alerts.length,
        'every alert to reach Steward',
      );
      const fromAlertmanager = await alertmanager.alerts();
      const stored = await store.db
        .selectFrom('incident_alerts')
        .select(['fingerprint', 'incident_id', 'source'])
        .execute();
      assert.deepEqual(
        stored.map((row) => row.fingerprint).sort(),
        fromAlertmanager.map((alert) => alert.fingerprint).sort(),
        "Steward's fingerprints are Alertmanager's",
      );
      assert.ok(stored.every((row) => row.source === 'alertmanager'));

      const incidents = await store.db
        .selectFrom('incidents')
        .select(['id', 'group_key', 'alert_count', 'services', 'severity'])
        .execute();
      const byKey = new Map(incidents.map((incident) => [incident.group_key, incident]));
      // Alertmanager's groups, except that checkout depends on payments: those two are one incident.
      assert.equal(incidents.length, 3);
      assert.equal(byKey.get(groupKeyOf({ alertname: 'HighLatency', service: 'search' }))?.alert_count, 2);
      assert.equal(byKey.get(groupKeyOf({ alertname: 'DiskFull', service: 'logs' }))?.severity, 'critical');
      const joined = incidents.find(
        (incident) => incident.alert_count === 2 && incident.services.includes('payments'),
      );
      assert.ok(joined, 'checkout and payments alerts joined one incident');
      assert.deepEqual((JSON.parse(joined.services) as string[]).sort(), ['checkout', 'payments']);

      await waitFor(
        async () =>
          (await store.db.selectFrom('incidents').select('triage').where('triage', 'is not', null).execute())
            .length === 3,
        'triage of every incident',
      );
      const triaged = await store.db
        .selectFrom('incidents')
        .select('triage')
        .where('id', '=', joined.id)
        .executeTakeFirstOrThrow();
      const triage = JSON.parse(triaged.triage!) as { likelyCause: string; summaryBy: string };
      assert.match(triage.likelyCause, /^payments: GatewayTimeouts/, 'the dependency is the likely cause');
      assert.equal(triage.summaryBy, 'rules');

      // Resolve the search alerts: Alertmanager sends the resolution, Steward resolves the incident.
      await alertmanager.postAlerts(
        alerts.slice(0, 2).map((alert) => ({ ...alert, endsAt: new Date(Date.now() - 1_000).toISOString() })),
      );
      const search = byKey.get(groupKeyOf({ alertname: 'HighLatency', service: 'search' }))!;
      await waitFor(
        async () =>
          (
            await store.db
              .selectFrom('incidents')
              .select('status')
              .where('id', '=', search.id)
              .executeTakeFirstOrThrow()
          ).status === 'resolved',
        'the resolved notification',
      );
      const others = await store.db
        .selectFrom('incidents')
        .select('status')
        .where('id', '<>', search.id)
        .execute();
      assert.ok(others.every((incident) => incident.status === 'open'));
    } finally {
      await alertmanager.close();
      await server.close();
      await store.close();
      workspace.remove();
    }
  });
});
