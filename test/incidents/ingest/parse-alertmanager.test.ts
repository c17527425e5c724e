import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  AlertPayloadError,
  alertFingerprint,
  type NormalizedAlert,
  parseAlertmanagerWebhook,
} from '../../../src/incidents/index.ts';
import { damage, fixture, type Payload, seededRandom } from './ingest-fixtures.ts';

function refusal(body: unknown): AlertPayloadError {
  try {
    parseAlertmanagerWebhook(body);
  } catch (error) {
    assert.ok(error instanceof AlertPayloadError, String(error));
    assert.equal(error.exitCode, 2);
    return error;
  }
  assert.fail('the payload was accepted');
}

test('a version 4 notification with a firing and a resolved alert', () => {
  const notification = parseAlertmanagerWebhook(fixture('alertmanager-two-alerts.json'));
  assert.equal(notification.groupKey, '{}:{service="api"}');
  assert.equal(notification.receiver, 'steward');
  assert.equal(notification.truncatedAlerts, 0);
  assert.deepEqual(notification.alerts, [
    {
      source: 'alertmanager',
      fingerprint: '758aa7200f3cad32',
      status: 'firing',
      labels: {
        alertname: 'HighLatency',
        service: 'api',
        severity: 'warning',
        instance: 'api-1:9090',
        job: 'api',
      },
      annotations: {
        summary: 'p99 latency above 1s on api',
        runbook_url: 'https://runbooks.example.com/api-latency',
      },
      // Nanoseconds are dropped; 0001-01-01T00:00:00Z (Go's zero time) is no end.
      startsAt: Date.UTC(2024, 4, 1, 12, 0, 0, 123),
      generatorURL:
        'http://prometheus:9090/graph?g0.expr=histogram_quantile%280.99%2C+rate%28http_request_duration_seconds_bucket%5B5m%5D%29%29+%3E+1&g0.tab=1',
    },
    {
      source: 'alertmanager',
      fingerprint: 'ff88cb687a2629ac',
      status: 'resolved',
      labels: {
        alertname: 'HighErrorRate',
        service: 'api',
        severity: 'critical',
        instance: 'api-2:9090',
        job: 'api',
      },
      annotations: { summary: '5xx above 5% on api', description: 'The error ratio was 7.2% for 5 minutes.' },
      startsAt: Date.UTC(2024, 4, 1, 11, 40),
      endsAt: Date.UTC(2024, 4, 1, 11, 58, 30, 500),
      generatorURL: 'http://prometheus:9090/graph?g0.expr=job%3Aerrors%3Aratio5m+%3E+0.05&g0.tab=1',
    },
  ] satisfies NormalizedAlert[]);
});

test('newer Alertmanagers: UTF-8 label names, notification_reason, routeLabels; an empty generatorURL is none', () => {
  const [alert] = parseAlertmanagerWebhook(fixture('alertmanager-resolved-utf8.json')).alerts;
  assert.equal(alert?.labels['k8s.namespace/名前'], 'prod');
  assert.equal(alert?.fingerprint, '30016da1f28a0cd4');
  assert.equal(alert?.endsAt, Date.UTC(2024, 4, 1, 12, 25));
  assert.equal('generatorURL' in alert!, false);
});

test('older Alertmanagers: no fingerprint, no truncatedAlerts, null maps, times with offsets', () => {
  const body = fixture('alertmanager-two-alerts.json');
  delete body.truncatedAlerts;
  body.commonAnnotations = null;
  for (const alert of body.alerts) delete alert.fingerprint;
  body.alerts[0].startsAt = '2024-05-01T14:00:00+02:00';
  const notification = parseAlertmanagerWebhook(body);
  assert.equal(notification.truncatedAlerts, 0);
  assert.equal(notification.alerts[0]?.fingerprint, '758aa7200f3cad32');
  assert.equal(notification.alerts[0]?.startsAt, Date.UTC(2024, 4, 1, 12));
});

test('a label name "__proto__" is an ordinary label, part of the fingerprint', () => {
  const body = fixture('alertmanager-two-alerts.json');
  const labels = JSON.parse('{"alertname":"X","__proto__":"weird"}');
  body.alerts = [{ ...body.alerts[0], labels, fingerprint: alertFingerprint(labels) }];
  const [alert] = parseAlertmanagerWebhook(body).alerts;
  assert.deepEqual(Object.keys(alert!.labels), ['alertname', '__proto__']);
  assert.equal(alert?.fingerprint, alertFingerprint(labels));
});

test('a fingerprint that does not match the labels is refused: the payload was altered', () => {
  const body = fixture('alertmanager-two-alerts.json');
  body.alerts[1].labels.instance = 'api-3:9090';
  const error = refusal(body);
  assert.deepEqual(
    error.issues.map((issue) => issue.path),
    ['alerts.1.fingerprint'],
  );
  assert.match(error.message, /ff88cb687a2629ac.*altered or mangled/);
});

test('another version is refused, naming version', () => {
  for (const version of ['3', 4, undefined, '5']) {
    const body = fixture('alertmanager-two-alerts.json');
    body.version = version;
    const error = refusal(body);
    assert.deepEqual(
      error.issues.map((issue) => issue.path),
      ['version'],
    );
    assert.match(error.message, /expected "4"/);
  }
});

test('bad alerts are refused with the path of each bad field', () => {
  const cases: [string, (body: Payload) => void, string][] = [
    ['missing labels', (body) => delete body.alerts[1].labels, 'alerts.1.labels'],
    ['labels a list', (body) => (body.alerts[0].labels = ['a']), 'alerts.0.labels'],
    ['labels a string', (body) => (body.alerts[0].labels = 'alertname=X'), 'alerts.0.labels'],
    ['empty labels', (body) => (body.alerts[1].labels = {}), 'alerts.1.labels'],
    ['a number value', (body) => (body.alerts[0].labels.severity = 3), 'alerts.0.labels.severity'],
    ['an empty name', (body) => (body.alerts[0].labels[''] = 'x'), 'alerts.0.labels.'],
    ['a bad status', (body) => (body.alerts[0].status = 'pending'), 'alerts.0.status'],
    ['a bad time', (body) => (body.alerts[1].startsAt = 'yesterday'), 'alerts.1.startsAt'],
    ['a 30th of February', (body) => (body.alerts[1].endsAt = '2024-02-30T00:00:00Z'), 'alerts.1.endsAt'],
    ['a zero start', (body) => (body.alerts[0].startsAt = '0001-01-01T00:00:00Z'), 'alerts.0.startsAt'],
    ['annotations a list', (body) => (body.alerts[0].annotations = []), 'alerts.0.annotations'],
    ['no alerts', (body) => delete body.alerts, 'alerts'],
    ['no group key', (body) => delete body.groupKey, 'groupKey'],
    ['negative truncation', (body) => (body.truncatedAlerts = -1), 'truncatedAlerts'],
  ];
  for (const [name, change, path] of cases) {
    const body = fixture('alertmanager-two-alerts.json');
    change(body);
    const error = refusal(body);
    assert.ok(
      error.issues.some((issue) => issue.path === path),
      `${name}: ${JSON.stringify(error.issues)}`,
    );
  }
  for (const body of [null, [], 'x', 4, {}]) refusal(body);
});

test('unicode label names and values are taken as they are', () => {
  const body = fixture('alertmanager-two-alerts.json');
  const labels = { alertname: 'Ünïcødé', 'service.name': 'api', '😀': '\u0000\n"', ｚ: 'ｚ' };
  body.alerts = [{ ...body.alerts[0], labels, fingerprint: alertFingerprint(labels) }];
  assert.deepEqual(parseAlertmanagerWebhook(body).alerts[0]?.labels, labels);
});

test('limits: 10,001 alerts, and names or values of megabytes, are refused without echoing them', () => {
  const many = fixture('alertmanager-two-alerts.json');
  many.alerts = Array.from({ length: 10_001 }, () => many.alerts[0]);
  assert.deepEqual(refusal(many).issues, [
    { path: 'alerts', message: '10001 alerts; at most 10000 are accepted in one body' },
  ]);
  const huge = 'x'.repeat(10 * 1024 * 1024);
  const cases: [(body: Payload) => void, RegExp][] = [
    [(body) => (body.alerts[0].labels.service = huge), /^alerts\.0\.labels\.service$/],
    [(body) => (body.alerts[0].labels[huge] = 'x'), /^alerts\.0\.labels\.x{64}…$/],
    [(body) => (body.alerts[0].annotations.description = huge), /^alerts\.0\.annotations\.description$/],
    [(body) => (body.alerts[0].generatorURL = huge), /^alerts\.0\.generatorURL$/],
    [(body) => (body.groupKey = huge), /^groupKey$/],
    [(body) => (body.alerts[0].startsAt = huge), /^alerts\.0\.startsAt$/],
  ];
  for (const [change, path] of cases) {
    const body = fixture('alertmanager-two-alerts.json');
    change(body);
    const error = refusal(body);
    assert.match(error.issues[0]!.path, path);
    assert.ok(error.message.length < 2_000, `the message is ${error.message.length} characters`);
  }
});

test('any damage to a recorded payload is read or refused as a payload error: nothing else is thrown', () => {
  const random = seededRandom(11);
  const names = ['alertmanager-two-alerts.json', 'alertmanager-resolved-utf8.json'];
  let refused = 0;
  for (let round = 0; round < 2_000; round += 1) {
    const body = fixture(names[round % names.length]!);
    damage(body, random);
    if (random() < 0.2) damage(body, random);
    try {
      parseAlertmanagerWebhook(body);
    } catch (error) {
      assert.ok(error instanceof AlertPayloadError, `round ${round}: ${String(error)}`);
      assert.ok(error.issues.length > 0);
      refused += 1;
    }
  }
  assert.ok(refused > 500, `only ${refused} damaged payloads were refused`);
});
