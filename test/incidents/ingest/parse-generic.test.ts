import assert from 'node:assert/strict';
import { test } from 'node:test';
import { AlertPayloadError, alertFingerprint, parseGenericAlerts } from '../../../src/incidents/index.ts';
import { damage, fixture, type Payload, seededRandom, t0 } from './ingest-fixtures.ts';

const now = t0 + 30 * 60_000;

function refusal(body: unknown): AlertPayloadError {
  try {
    parseGenericAlerts(body, { now });
  } catch (error) {
    assert.ok(error instanceof AlertPayloadError, String(error));
    return error;
  }
  assert.fail('the body was accepted');
}

test('generic alerts: id or the labels fingerprint is the identity; title, service, severity become labels', () => {
  const [checkout, queue] = parseGenericAlerts(fixture('generic-alerts.json'), { now });
  assert.deepEqual(checkout, {
    source: 'generic',
    fingerprint: 'checkout-5xx',
    status: 'firing',
    labels: {
      region: 'eu-west-1',
      team: 'payments',
      alertname: 'Checkout returns 5xx',
      service: 'checkout',
      severity: 'high',
    },
    annotations: { description: 'Synthetic check failed 3 times', summary: 'Checkout returns 5xx' },
    startsAt: Date.UTC(2024, 4, 1, 12, 1),
    generatorURL: 'https://status.example.com/checks/42',
  });
  const labels = { alertname: 'Queue depth high', service: 'worker' };
  assert.deepEqual(queue, {
    source: 'generic',
    fingerprint: alertFingerprint(labels),
    status: 'resolved',
    labels,
    annotations: { summary: 'Queue depth high' },
    startsAt: Date.UTC(2024, 4, 1, 9),
    endsAt: Date.UTC(2024, 4, 1, 9, 30),
  });
});

test('without status, an ended_at in the past resolves it; without started_at it starts now', () => {
  const [alert] = parseGenericAlerts(
    { alerts: [{ title: 'Gone', ended_at: '2024-05-01T12:10:00Z' }] },
    { now },
  );
  assert.equal(alert?.status, 'resolved');
  assert.equal(alert?.startsAt, now);
  const [later] = parseGenericAlerts(
    { alerts: [{ title: 'Soon', ended_at: '2099-01-01T00:00:00Z' }] },
    { now },
  );
  assert.equal(later?.status, 'firing');
  const [named] = parseGenericAlerts(
    { alerts: [{ title: 'T', labels: { alertname: 'Named', empty: '' } }] },
    { now },
  );
  assert.deepEqual(named?.labels, { alertname: 'Named' });
});

test('bad bodies are refused with the path of the bad field', () => {
  const cases: [string, Payload, string][] = [
    ['no title', { alerts: [{ service: 'x' }] }, 'alerts.0.title'],
    ['unknown field', { alerts: [{ title: 'x', startedAt: '2024-05-01T00:00:00Z' }] }, 'alerts.0'],
    ['bad status', { alerts: [{ title: 'x' }, { title: 'y', status: 'ok' }] }, 'alerts.1.status'],
    ['labels not strings', { alerts: [{ title: 'x', labels: { a: 1 } }] }, 'alerts.0.labels.a'],
    ['labels a list', { alerts: [{ title: 'x', labels: [] }] }, 'alerts.0.labels'],
    ['bad time', { alerts: [{ title: 'x', started_at: 1714564800000 }] }, 'alerts.0.started_at'],
    ['no list', { alert: { title: 'x' } }, 'alerts'],
    ['huge title', { alerts: [{ title: 'x'.repeat(10 * 1024 * 1024) }] }, 'alerts.0.title'],
    ['1,001 alerts', { alerts: Array.from({ length: 1_001 }, () => ({ title: 'x' })) }, 'alerts'],
  ];
  for (const [name, body, path] of cases) {
    const error = refusal(body);
    assert.ok(
      error.issues.some((issue) => issue.path === path),
      `${name}: ${JSON.stringify(error.issues).slice(0, 500)}`,
    );
  }
  assert.equal(
    parseGenericAlerts({ alerts: Array.from({ length: 1_000 }, () => ({ title: 'x' })) }).length,
    1_000,
  );
  assert.deepEqual(parseGenericAlerts({ alerts: [] }), []);
});

test('any damage to a recorded body is read or refused as a payload error: nothing else is thrown', () => {
  const random = seededRandom(5);
  for (let round = 0; round < 1_000; round += 1) {
    const body = fixture('generic-alerts.json');
    damage(body, random);
    try {
      parseGenericAlerts(body, { now });
    } catch (error) {
      assert.ok(error instanceof AlertPayloadError, `round ${round}: ${String(error)}`);
    }
  }
});
