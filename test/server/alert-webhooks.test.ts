import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { test } from 'node:test';
import { fixture } from '../incidents/ingest/ingest-fixtures.ts';
import { startApp } from '../support/app-server.ts';
import { configFrom } from '../support/budget-fixtures.ts';
import { forEachDatabase } from '../support/databases.ts';

const amToken = 'alertmanager-token-0123456789';
const pdSecret = 'pagerduty-hmac-secret-0123456789';
const config = configFrom(
  'incidents:\n  sources:\n    pagerduty:\n      auth: hmac\n    generic:\n      auth: none\n',
);
const secrets = { alertmanager: amToken, pagerduty: pdSecret };

function post(url: string, path: string, body: string, headers: Record<string, string> = {}) {
  return fetch(`${url}/webhooks/${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body,
  });
}
const signed = (body: string) => `sha256=${createHmac('sha256', pdSecret).update(body).digest('hex')}`;

forEachDatabase('alert webhooks', (database) => {
  test('each source checks its own credentials: bearer for Alertmanager, HMAC for PagerDuty; 401 stores nothing', async () => {
    const store = await database.open();
    const app = await startApp(store, { config, alertSecrets: secrets });
    try {
      const am = JSON.stringify(fixture('alertmanager-two-alerts.json'));
      assert.equal((await post(app.url, 'alertmanager', am)).status, 401);
      assert.equal(
        (await post(app.url, 'alertmanager', am, { authorization: 'Bearer wrong-wrong-wrong-wrong' })).status,
        401,
      );
      const pd = JSON.stringify(fixture('pagerduty-trigger.json'));
      assert.equal(
        (await post(app.url, 'pagerduty', pd, { authorization: `Bearer ${pdSecret}` })).status,
        401,
      );
      const tampered = await post(app.url, 'pagerduty', pd.replace('"trigger"', '"resolve"'), {
        'x-steward-signature': signed(pd),
      });
      assert.equal(tampered.status, 401);
      assert.match(((await tampered.json()) as { error: string }).error, /does not match/);
      assert.deepEqual(await store.db.selectFrom('incident_alerts').selectAll().execute(), []);
      assert.deepEqual(await store.db.selectFrom('jobs').selectAll().execute(), []);

      const ok = await post(app.url, 'alertmanager', am, { authorization: `Bearer ${amToken}` });
      assert.equal(ok.status, 200);
      const result = (await ok.json()) as { alerts: number; created: number; incidents: { id: string }[] };
      assert.equal(result.alerts, 2);
      assert.ok(result.created >= 1);
      const pdOk = await post(app.url, 'pagerduty', pd, { 'x-steward-signature': signed(pd) });
      assert.equal(pdOk.status, 200);
      const generic = await post(app.url, 'alerts', JSON.stringify(fixture('generic-alerts.json')));
      assert.equal(generic.status, 200, await generic.clone().text());
      const jobs = await store.db.selectFrom('jobs').select(['kind', 'payload']).execute();
      assert.ok(jobs.length >= 3, 'each new incident queues its triage with it');
      assert.ok(jobs.every((job) => job.kind === 'incidents.triage'));
      assert.ok(app.queued >= 1);
    } finally {
      await app.close();
    }
  });

  test('a source whose secret is not set answers 503 instead of trusting anyone', async () => {
    const store = await database.open();
    const app = await startApp(store, { config, alertSecrets: {} });
    try {
      const answer = await post(
        app.url,
        'alertmanager',
        JSON.stringify(fixture('alertmanager-two-alerts.json')),
        {
          authorization: `Bearer ${amToken}`,
        },
      );
      assert.equal(answer.status, 503);
      assert.match(((await answer.json()) as { error: string }).error, /STEWARD_ALERTMANAGER_TOKEN/);
    } finally {
      await app.close();
    }
  });

  test('hostile bodies get a 4xx naming what is wrong, and nothing of them is stored', async () => {
    const store = await database.open();
    const app = await startApp(store, { config, alertSecrets: secrets });
    const auth = { authorization: `Bearer ${amToken}` };
    try {
      const good = fixture('alertmanager-two-alerts.json');
      const cases: [string, number, RegExp][] = [];
      const wrongVersion = structuredClone(good);
      wrongVersion.version = '3';
      cases.push([JSON.stringify(wrongVersion), 400, /version/]);
      const noLabels = structuredClone(good);
      delete noLabels.alerts[1].labels;
      cases.push([JSON.stringify(noLabels), 400, /alerts\.1\.labels/]);
      const badLabels = structuredClone(good);
      badLabels.alerts[0].labels = ['a', 'b'];
      cases.push([JSON.stringify(badLabels), 400, /alerts\.0\.labels/]);
      cases.push(['{"version": "4", ', 400, /not JSON/]);
      cases.push([JSON.stringify({ ...good, alerts: 'all of them' }), 400, /alerts/]);
      const huge = structuredClone(good);
      huge.alerts[0].annotations.description = 'x'.repeat(10 * 1024 * 1024);
      cases.push([JSON.stringify(huge), 413, /larger than 4 MB/]);
      for (const [body, status, pattern] of cases) {
        const answer = await post(app.url, 'alertmanager', body, auth);
        assert.equal(answer.status, status, body.slice(0, 80));
        assert.match(((await answer.json()) as { error: string }).error, pattern);
      }
      assert.deepEqual(await store.db.selectFrom('incident_alerts').selectAll().execute(), []);
      assert.deepEqual(await store.db.selectFrom('incidents').selectAll().execute(), []);

      // Unicode label names are taken (newer Alertmanagers allow them); the same delivery twice adds nothing.
      const unicode = fixture('alertmanager-resolved-utf8.json');
      const first = await post(app.url, 'alertmanager', JSON.stringify(unicode), auth);
      assert.equal(first.status, 200, await first.clone().text());
      const count = async () =>
        (await store.db.selectFrom('incident_alerts').select(['id', 'occurrences']).execute()).length;
      const before = await count();
      const again = await post(app.url, 'alertmanager', JSON.stringify(unicode), auth);
      assert.equal(again.status, 200);
      assert.equal(await count(), before, 'a duplicate delivery updates, never duplicates');
    } finally {
      await app.close();
    }
  });
});
