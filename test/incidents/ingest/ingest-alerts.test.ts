import assert from 'node:assert/strict';
import { test } from 'node:test';
import { UsageError } from '../../../src/errors/index.ts';
import {
  getIncident,
  ingestAlerts,
  listIncidents,
  type NormalizedAlert,
  noiseReduction,
  parseAlertmanagerWebhook,
  parsePagerDutyEvent,
} from '../../../src/incidents/index.ts';
import { forEachDatabase } from '../../support/databases.ts';
import { amAlert, fixture, incidentsConfig, minute, t0 } from './ingest-fixtures.ts';

const config = incidentsConfig();

function pagerDuty(name: string, now: number, change: (body: ReturnType<typeof fixture>) => void = () => {}) {
  const body = fixture(name);
  change(body);
  return parsePagerDutyEvent(body, { now });
}

forEachDatabase('ingestAlerts', (database) => {
  test('a notification: the firing alert opens an incident; a resolved alert never seen firing opens none', async () => {
    const { db } = await database.open();
    const { alerts } = parseAlertmanagerWebhook(fixture('alertmanager-two-alerts.json'));
    const now = t0 + minute;
    const result = await ingestAlerts(db, { config, alerts, now });
    assert.equal(result.alerts, 2);
    assert.equal(result.created, 1);
    assert.equal(result.updated, 0);
    assert.equal(result.resolved, 0);
    assert.equal(result.incidents.length, 1);
    const [entry] = result.incidents;
    assert.match(entry!.id, /^[0-9a-f]{8}$/);
    assert.deepEqual({ ...entry, id: '' }, { id: '', created: true, alertCount: 1, status: 'open' });

    const detail = await getIncident(db, entry!.id);
    assert.deepEqual(
      { ...detail?.incident, id: '' },
      {
        id: '',
        title: 'HighLatency: p99 latency above 1s on api',
        status: 'open',
        source: 'alertmanager',
        groupKey: '{}:{alertname="HighLatency", service="api"}',
        services: ['api'],
        severity: 'medium',
        alertCount: 1,
        openedAtMs: Date.UTC(2024, 4, 1, 12, 0, 0, 123),
        lastAlertAtMs: Date.UTC(2024, 4, 1, 12, 0, 0, 123),
        resolvedAtMs: null,
        triage: null,
        slackTs: null,
        updatedAtMs: now,
      },
    );
    assert.equal(detail?.alerts.length, 1);
    assert.deepEqual(
      { ...detail?.alerts[0], id: '' },
      {
        id: '',
        incidentId: entry!.id,
        source: 'alertmanager',
        fingerprint: '758aa7200f3cad32',
        status: 'firing',
        alertname: 'HighLatency',
        service: 'api',
        labels: alerts[0]!.labels,
        annotations: alerts[0]!.annotations,
        startsAtMs: alerts[0]!.startsAt,
        endsAtMs: null,
        occurrences: 1,
        receivedAtMs: now,
        updatedAtMs: now,
      },
    );
    const orphan = await db
      .selectFrom('incident_alerts')
      .selectAll()
      .where('fingerprint', '=', 'ff88cb687a2629ac')
      .executeTakeFirstOrThrow();
    assert.equal(orphan.incident_id, '');
    assert.equal(orphan.status, 'resolved');
    assert.equal(orphan.ends_at_ms, Date.UTC(2024, 4, 1, 11, 58, 30, 500));
    assert.equal(await getIncident(db, 'ffffffff'), undefined);
  });

  test('the same alert twice is one row with two occurrences, in one call or two', async () => {
    const { db } = await database.open();
    const alert = amAlert({ alertname: 'HighLatency', service: 'api' }, { annotations: { summary: 'slow' } });
    const first = await ingestAlerts(db, { config, alerts: [alert, alert], now: t0 });
    assert.equal(first.created, 1);
    assert.equal(first.incidents[0]?.alertCount, 1);
    const again = { ...alert, annotations: { description: 'still slow' } };
    const second = await ingestAlerts(db, { config, alerts: [again], now: t0 + 5 * minute });
    assert.deepEqual(second, {
      alerts: 1,
      created: 0,
      updated: 1,
      resolved: 0,
      incidents: [{ id: first.incidents[0]!.id, created: false, alertCount: 1, status: 'open' }],
    });
    const rows = await db.selectFrom('incident_alerts').selectAll().execute();
    assert.equal(rows.length, 1);
    assert.equal(rows[0]?.occurrences, 3);
    assert.equal(rows[0]?.updated_at_ms, t0 + 5 * minute);
    assert.deepEqual(JSON.parse(rows[0]!.annotations), { summary: 'slow', description: 'still slow' });
  });

  test('alerts of one group join within the window; after it, the group opens a new incident', async () => {
    const { db } = await database.open();
    const labels = (instance: string) => ({ alertname: 'HighLatency', service: 'api', instance });
    const a = await ingestAlerts(db, { config, alerts: [amAlert(labels('1'))], now: t0 });
    const b = await ingestAlerts(db, {
      config,
      alerts: [amAlert(labels('2'), { startsAt: t0 + 20 * minute })],
      now: t0 + 20 * minute,
    });
    assert.deepEqual(b.incidents, [
      { id: a.incidents[0]!.id, created: false, alertCount: 2, status: 'open' },
    ]);
    // 31 minutes after the newest alert of the group (at +20): a new incident, though the first is open.
    const c = await ingestAlerts(db, {
      config,
      alerts: [amAlert(labels('3'), { startsAt: t0 + 51 * minute })],
      now: t0 + 51 * minute,
    });
    assert.equal(c.created, 1);
    assert.notEqual(c.incidents[0]?.id, a.incidents[0]?.id);
    // Another group at the same time is another incident.
    const d = await ingestAlerts(db, {
      config,
      alerts: [amAlert({ alertname: 'HighErrorRate', service: 'api' }, { startsAt: t0 + 52 * minute })],
      now: t0 + 52 * minute,
    });
    assert.equal(d.created, 1);
    assert.equal((await listIncidents(db, { status: 'open' })).length, 3);
    // In one call, by the alerts' own times: the same split.
    const { db: other } = await database.open();
    const batch = await ingestAlerts(other, {
      config,
      alerts: [
        amAlert(labels('1')),
        amAlert(labels('2'), { startsAt: t0 + 20 * minute }),
        amAlert(labels('3'), { startsAt: t0 + 51 * minute }),
      ],
      now: t0 + 52 * minute,
    });
    assert.deepEqual(
      batch.incidents.map((incident) => incident.alertCount),
      [2, 1],
    );
  });

  test('dependencies: a service and what it depends on, within the window, make one incident', async () => {
    const { db } = await database.open();
    const linked = incidentsConfig({ dependencies: { api: ['db'], web: ['api'], batch: [] } });
    const dbDown = await ingestAlerts(db, {
      config: linked,
      alerts: [amAlert({ alertname: 'PostgresDown', service: 'db', severity: 'critical' })],
      now: t0,
    });
    const id = dbDown.incidents[0]!.id;
    const api = await ingestAlerts(db, {
      config: linked,
      alerts: [
        amAlert({ alertname: 'HighErrorRate', service: 'api' }, { startsAt: t0 + 5 * minute }),
        // web depends on api, which depends on db: linked transitively.
        amAlert({ alertname: 'CheckoutFailing', service: 'web' }, { startsAt: t0 + 6 * minute }),
        // Unrelated services are other incidents.
        amAlert({ alertname: 'QueueDepth', service: 'batch' }, { startsAt: t0 + 6 * minute }),
        amAlert({ alertname: 'QueueDepth', service: 'mail' }, { startsAt: t0 + 6 * minute }),
      ],
      now: t0 + 6 * minute,
    });
    assert.equal(api.created, 2);
    assert.deepEqual(api.incidents[0], { id, created: false, alertCount: 3, status: 'open' });
    const detail = await getIncident(db, id);
    assert.deepEqual(detail?.incident.services, ['api', 'db', 'web']);
    assert.equal(detail?.incident.severity, 'critical');
    assert.equal(detail?.incident.groupKey, '{}:{alertname="PostgresDown", service="db"}');
    // Either direction: db after api joins api's incident; out of the window it does not.
    const { db: other } = await database.open();
    const first = await ingestAlerts(other, {
      config: linked,
      alerts: [amAlert({ alertname: 'HighErrorRate', service: 'api' })],
      now: t0,
    });
    const late = await ingestAlerts(other, {
      config: linked,
      alerts: [
        amAlert({ alertname: 'SlowQueries', service: 'db' }, { startsAt: t0 + 10 * minute }),
        amAlert({ alertname: 'PostgresDown', service: 'db' }, { startsAt: t0 + 45 * minute }),
      ],
      now: t0 + 45 * minute,
    });
    assert.equal(late.incidents[0]?.id, first.incidents[0]?.id);
    assert.equal(late.incidents[1]?.created, true);
    // Without the dependency, db and api stay apart.
    const { db: plain } = await database.open();
    const apart = await ingestAlerts(plain, {
      config,
      alerts: [
        amAlert({ alertname: 'HighErrorRate', service: 'api' }),
        amAlert({ alertname: 'SlowQueries', service: 'db' }),
      ],
      now: t0,
    });
    assert.equal(apart.created, 2);
  });

  test('PagerDuty: trigger, acknowledge and resolve of one dedup_key are one alert of one incident', async () => {
    const { db } = await database.open();
    const triggered = await ingestAlerts(db, {
      config,
      alerts: pagerDuty('pagerduty-trigger.json', t0 + 5 * minute),
      now: t0 + 5 * minute,
    });
    const id = triggered.incidents[0]!.id;
    assert.equal(triggered.created, 1);
    const acknowledged = await ingestAlerts(db, {
      config,
      alerts: pagerDuty('pagerduty-acknowledge.json', t0 + 10 * minute),
      now: t0 + 10 * minute,
    });
    assert.deepEqual(acknowledged.incidents, [{ id, created: false, alertCount: 1, status: 'open' }]);
    let [row] = (await getIncident(db, id))!.alerts;
    assert.equal(row?.status, 'firing');
    assert.equal(row?.occurrences, 2);
    assert.equal(row?.annotations.acknowledged, 'true');
    assert.equal(row?.annotations.summary, 'Disk 95% full on db-1', 'annotations are merged');
    assert.equal(row?.labels.class, 'disk', 'labels stay those of the trigger');
    const resolved = await ingestAlerts(db, {
      config,
      alerts: pagerDuty('pagerduty-resolve.json', t0 + 20 * minute),
      now: t0 + 20 * minute,
    });
    assert.deepEqual(resolved, {
      alerts: 1,
      created: 0,
      updated: 1,
      resolved: 1,
      incidents: [{ id, created: false, alertCount: 1, status: 'resolved' }],
    });
    const detail = (await getIncident(db, id))!;
    [row] = detail.alerts;
    assert.equal(row?.status, 'resolved');
    assert.equal(row?.endsAtMs, t0 + 20 * minute);
    assert.equal(detail.incident.resolvedAtMs, t0 + 20 * minute);
    assert.equal(detail.incident.severity, 'high', 'PagerDuty error is high');
  });

  test('PagerDuty and generic alerts join by match fields: any of them, or all', async () => {
    const trigger = (dedup: string, component: string, group: string, cls: string, now: number) =>
      pagerDuty('pagerduty-trigger.json', now, (body) => {
        body.dedup_key = dedup;
        body.payload.component = component;
        body.payload.group = group;
        body.payload.class = cls;
        delete body.payload.timestamp;
      });
    const any = incidentsConfig({ match: { fields: ['service', 'group'], mode: 'any' } });
    const { db } = await database.open();
    const disk = await ingestAlerts(db, {
      config: any,
      alerts: trigger('1', 'db', 'storage', 'disk', t0),
      now: t0,
    });
    // Another service and class (another group key), but the same PagerDuty group: it joins.
    const cpu = await ingestAlerts(db, {
      config: any,
      alerts: trigger('2', 'api', 'storage', 'cpu', t0 + minute),
      now: t0 + minute,
    });
    assert.equal(cpu.incidents[0]?.id, disk.incidents[0]?.id);
    const other = await ingestAlerts(db, {
      config: any,
      alerts: trigger('3', 'web', 'edge', 'tls', t0 + 2 * minute),
      now: t0 + 2 * minute,
    });
    assert.equal(other.created, 1);

    const all = incidentsConfig({ match: { fields: ['service', 'group'], mode: 'all' } });
    const { db: strict } = await database.open();
    const first = await ingestAlerts(strict, {
      config: all,
      alerts: trigger('1', 'db', 'storage', 'disk', t0),
      now: t0,
    });
    const partly = await ingestAlerts(strict, {
      config: all,
      alerts: trigger('2', 'api', 'storage', 'cpu', t0 + minute),
      now: t0 + minute,
    });
    assert.equal(partly.created, 1, 'only the group is equal: not all fields');
    const both = await ingestAlerts(strict, {
      config: all,
      alerts: trigger('3', 'db', 'storage', 'memory', t0 + 2 * minute),
      now: t0 + 2 * minute,
    });
    assert.equal(both.incidents[0]?.id, first.incidents[0]?.id);
    // After the window, no match.
    const late = await ingestAlerts(strict, {
      config: all,
      alerts: trigger('4', 'db', 'storage', 'inodes', t0 + 40 * minute),
      now: t0 + 40 * minute,
    });
    assert.equal(late.created, 1);

    // By default (service, any), a PagerDuty alert joins an Alertmanager incident of its service;
    // Alertmanager alerts themselves never join by match fields.
    const { db: mixed } = await database.open();
    const am = await ingestAlerts(mixed, {
      config,
      alerts: [amAlert({ alertname: 'PostgresDown', service: 'db' })],
      now: t0,
    });
    const pd = await ingestAlerts(mixed, {
      config,
      alerts: trigger('9', 'db', 'storage', 'disk', t0 + minute),
      now: t0 + minute,
    });
    assert.equal(pd.incidents[0]?.id, am.incidents[0]?.id);
    const am2 = await ingestAlerts(mixed, {
      config,
      alerts: [amAlert({ alertname: 'SlowQueries', service: 'db' }, { startsAt: t0 + 2 * minute })],
      now: t0 + 2 * minute,
    });
    assert.equal(am2.created, 1);
    const generic: NormalizedAlert = {
      source: 'generic',
      fingerprint: 'synthetic-db',
      status: 'firing',
      labels: { alertname: 'Synthetic check', service: 'db' },
      annotations: {},
      startsAt: t0 + 3 * minute,
    };
    const joined = await ingestAlerts(mixed, { config, alerts: [generic], now: t0 + 3 * minute });
    assert.equal(joined.incidents[0]?.id, am2.incidents[0]?.id, 'the most recent matching incident');
  });

  test('an incident resolves when all its alerts have, and reopens when one fires again', async () => {
    const { db } = await database.open();
    const one = amAlert({ alertname: 'HighLatency', service: 'api', instance: '1' });
    const two = amAlert({ alertname: 'HighLatency', service: 'api', instance: '2' });
    const opened = await ingestAlerts(db, { config, alerts: [one, two], now: t0 });
    const id = opened.incidents[0]!.id;
    const resolve = (alert: NormalizedAlert, at: number): NormalizedAlert => ({
      ...alert,
      status: 'resolved',
      endsAt: at,
    });
    const half = await ingestAlerts(db, {
      config,
      alerts: [resolve(one, t0 + 5 * minute)],
      now: t0 + 6 * minute,
    });
    assert.deepEqual(half.incidents, [{ id, created: false, alertCount: 2, status: 'open' }]);
    assert.equal(half.resolved, 0);
    const whole = await ingestAlerts(db, {
      config,
      alerts: [resolve(two, t0 + 7 * minute)],
      now: t0 + 8 * minute,
    });
    assert.equal(whole.resolved, 1);
    let incident = (await getIncident(db, id))!.incident;
    assert.equal(incident.status, 'resolved');
    assert.equal(incident.resolvedAtMs, t0 + 7 * minute);
    // A firing notice sent before the resolution, arriving late, changes nothing.
    const stale = await ingestAlerts(db, { config, alerts: [two], now: t0 + 9 * minute });
    assert.equal(stale.incidents[0]?.status, 'resolved');
    // Firing again 10 minutes after resolving (within the window): the same alert, the incident reopens.
    const flap = { ...two, startsAt: t0 + 17 * minute };
    const reopened = await ingestAlerts(db, { config, alerts: [flap], now: t0 + 17 * minute });
    assert.deepEqual(reopened.incidents, [{ id, created: false, alertCount: 2, status: 'open' }]);
    incident = (await getIncident(db, id))!.incident;
    assert.equal(incident.resolvedAtMs, null);
    assert.equal((await db.selectFrom('incident_alerts').selectAll().execute()).length, 2);
    // Resolved, then firing 40 minutes later: a new alert, in a new incident.
    await ingestAlerts(db, { config, alerts: [resolve(flap, t0 + 20 * minute)], now: t0 + 20 * minute });
    const later = await ingestAlerts(db, {
      config,
      alerts: [{ ...two, startsAt: t0 + 60 * minute }],
      now: t0 + 60 * minute,
    });
    assert.equal(later.created, 1);
    assert.equal((await db.selectFrom('incident_alerts').selectAll().execute()).length, 3);
    // A resolved alert never seen firing, firing later within the window: grouped then.
    const ghost = amAlert({ alertname: 'Ghost', service: 'x' });
    const stored = await ingestAlerts(db, {
      config,
      alerts: [resolve(ghost, t0 + 61 * minute)],
      now: t0 + 61 * minute,
    });
    assert.deepEqual(stored.incidents, []);
    const refired = await ingestAlerts(db, {
      config,
      alerts: [{ ...ghost, startsAt: t0 + 62 * minute }],
      now: t0 + 62 * minute,
    });
    assert.equal(refired.created, 1);
    assert.equal(
      (
        await db
          .selectFrom('incident_alerts')
          .where('fingerprint', '=', ghost.fingerprint)
          .selectAll()
          .execute()
      ).length,
      1,
    );
  });

  test('severity: first matching rule, else the severity label, else medium; an incident takes the highest', async () => {
    const { db } = await database.open();
    const rules = incidentsConfig({
      severity_rules: [
        { match: { service: '/^pay/', env: 'prod' }, severity: 'critical' },
        { match: { alertname: 'Watchdog' }, severity: 'info' },
      ],
    });
    const severityOf = async (labels: Record<string, string>) => {
      const result = await ingestAlerts(db, { config: rules, alerts: [amAlert(labels)], now: t0 });
      return (await getIncident(db, result.incidents[0]!.id))!.incident.severity;
    };
    assert.equal(
      await severityOf({ alertname: 'A', service: 'payments', env: 'prod', severity: 'info' }),
      'critical',
    );
    assert.equal(
      await severityOf({ alertname: 'B', service: 'payments', env: 'dev', severity: 'error' }),
      'high',
    );
    assert.equal(await severityOf({ alertname: 'Watchdog', service: 'x' }), 'info');
    assert.equal(await severityOf({ alertname: 'C', service: 'x', severity: 'page' }), 'critical');
    assert.equal(await severityOf({ alertname: 'D', service: 'x', severity: 'Warning' }), 'medium');
    assert.equal(await severityOf({ alertname: 'E', service: 'x', severity: 'minor' }), 'low');
    assert.equal(await severityOf({ alertname: 'F', service: 'x', severity: 'whatever' }), 'medium');
    assert.equal(await severityOf({ alertname: 'G', service: 'x' }), 'medium');
    const grows = await ingestAlerts(db, {
      config: rules,
      alerts: [
        amAlert({ alertname: 'H', service: 'y', severity: 'warning', instance: '1' }),
        amAlert({ alertname: 'H', service: 'y', severity: 'critical', instance: '2' }),
        amAlert({ alertname: 'H', service: 'y', severity: 'info', instance: '3' }),
      ],
      now: t0,
    });
    assert.equal((await getIncident(db, grows.incidents[0]!.id))!.incident.severity, 'critical');
    const broken = incidentsConfig({ severity_rules: [{ match: { service: '/(/' }, severity: 'low' }] });
    await assert.rejects(
      ingestAlerts(db, { config: broken, alerts: [amAlert({ alertname: 'I' })], now: t0 }),
      (error) => error instanceof UsageError && /severity_rules\.0\.match\.service/.test(error.message),
    );
  });

  test('noise reduction: alerts in, incidents out, since a time', async () => {
    const { db } = await database.open();
    assert.deepEqual(await noiseReduction(db, { since: 0 }), { alerts: 0, incidents: 0, ratio: null });
    const alerts = Array.from({ length: 10 }, (_, index) =>
      amAlert({ alertname: index < 6 ? 'HighLatency' : 'DiskFull', service: 'api', instance: String(index) }),
    );
    await ingestAlerts(db, { config, alerts, now: t0 });
    // Repeats are not more alerts; a resolved alert never seen firing joined nothing.
    await ingestAlerts(db, {
      config,
      alerts: [alerts[0]!, amAlert({ alertname: 'Old' }, { status: 'resolved', endsAt: t0 })],
      now: t0 + minute,
    });
    assert.deepEqual(await noiseReduction(db, { since: t0 }), { alerts: 10, incidents: 2, ratio: 5 });
    await ingestAlerts(db, {
      config,
      alerts: [
        amAlert(
          { alertname: 'HighLatency', service: 'api', instance: 'late' },
          { startsAt: t0 + 2 * minute },
        ),
      ],
      now: t0 + 2 * minute,
    });
    assert.deepEqual(await noiseReduction(db, { since: t0 + 2 * minute }), {
      alerts: 1,
      incidents: 1,
      ratio: 1,
    });
  });

  test('listIncidents: newest first, by status, limited', async () => {
    const { db } = await database.open();
    for (let index = 0; index < 4; index += 1) {
      const alert = amAlert({ alertname: `A${index}`, service: 'api' }, { startsAt: t0 + index * minute });
      await ingestAlerts(db, { config, alerts: [alert], now: t0 + index * minute });
      if (index === 1) {
        await ingestAlerts(db, {
          config,
          alerts: [{ ...alert, status: 'resolved', endsAt: t0 + 2 * minute }],
          now: t0 + 2 * minute,
        });
      }
    }
    const titles = (incidents: { title: string }[]) => incidents.map((incident) => incident.title);
    assert.deepEqual(titles(await listIncidents(db)), ['A3', 'A2', 'A1', 'A0']);
    assert.deepEqual(titles(await listIncidents(db, { status: 'resolved' })), ['A1']);
    assert.deepEqual(titles(await listIncidents(db, { status: 'open', limit: 2 })), ['A3', 'A2']);
    assert.deepEqual((await listIncidents(db, { limit: 1 }))[0]?.services, ['api']);
  });

  test('one call is one transaction: when a write fails, nothing of the call is stored', async () => {
    const { db } = await database.open();
    const good = amAlert({ alertname: 'HighLatency', service: 'api' });
    // A resolved alert with no start: its incident-less row cannot be written, after the incident was.
    const bad = {
      ...amAlert({ alertname: 'Broken' }, { status: 'resolved', endsAt: t0 }),
      startsAt: Number.NaN,
    };
    await assert.rejects(ingestAlerts(db, { config, alerts: [good, bad], now: t0 }));
    assert.equal((await db.selectFrom('incidents').selectAll().execute()).length, 0);
    assert.equal((await db.selectFrom('incident_alerts').selectAll().execute()).length, 0);
  });

  test("inside the caller's transaction with its dialect; without the dialect it is refused", async () => {
    const store = await database.open();
    const alert = amAlert({ alertname: 'HighLatency', service: 'api' });
    await assert.rejects(
      store.db
        .transaction()
        .execute((transaction) => ingestAlerts(transaction, { config, alerts: [alert], now: t0 })),
      TypeError,
    );
    await assert.rejects(
      store.db.transaction().execute(async (transaction) => {
        await ingestAlerts(transaction, { config, alerts: [alert], now: t0, dialect: store.dialect });
        throw new Error('rolled back');
      }),
      /rolled back/,
    );
    assert.equal((await listIncidents(store.db)).length, 0);
    const empty = await ingestAlerts(store.db, { config, alerts: [], now: t0 });
    assert.deepEqual(empty, { alerts: 0, created: 0, updated: 0, resolved: 0, incidents: [] });
  });

  test('a large batch over many services: grouped in one call, repeated as updates in the next', async () => {
    const { db } = await database.open();
    const linked = incidentsConfig({ dependencies: { 'svc-0': ['svc-1'] } });
    const alerts = Array.from({ length: 2_400 }, (_, index) =>
      amAlert(
        { alertname: `Alert${index % 3}`, service: `svc-${index % 40}`, instance: `i-${index}` },
        { startsAt: t0 + (index % 10) * 1_000 },
      ),
    );
    const first = await ingestAlerts(db, { config: linked, alerts, now: t0 + minute });
    // 40 services × 3 alert names, but svc-0 and svc-1 are linked: their 6 groups are one incident.
    assert.equal(first.created, 115);
    assert.equal(
      first.incidents.reduce((sum, incident) => sum + incident.alertCount, 0),
      2_400,
    );
    const resolvedHalf = alerts.map((alert, index) =>
      index % 2 === 0 ? alert : { ...alert, status: 'resolved' as const, endsAt: t0 + 2 * minute },
    );
    const second = await ingestAlerts(db, { config: linked, alerts: resolvedHalf, now: t0 + 2 * minute });
    assert.equal(second.created, 0);
    assert.equal(second.updated, 115);
    const rows = await db
      .selectFrom('incident_alerts')
      .select((eb) => [
        'status',
        eb.fn.countAll<number | string>().as('count'),
        eb.fn.sum<number | string>('occurrences').as('occurrences'),
      ])
      .groupBy('status')
      .orderBy('status')
      .execute();
    assert.deepEqual(
      rows.map((row) => [row.status, Number(row.count), Number(row.occurrences)]),
      [
        ['firing', 1_200, 2_400],
        ['resolved', 1_200, 2_400],
      ],
    );
  });
});
