import assert from 'node:assert/strict';
import { test } from 'node:test';
import { AlertPayloadError, parsePagerDutyEvent } from '../../../src/incidents/index.ts';
import { damage, fixture, type Payload, seededRandom, t0 } from './ingest-fixtures.ts';

const now = t0 + 30 * 60_000;

function refusal(body: unknown): AlertPayloadError {
  try {
    parsePagerDutyEvent(body, { now });
  } catch (error) {
    assert.ok(error instanceof AlertPayloadError, String(error));
    return error;
  }
  assert.fail('the event was accepted');
}

test('a trigger: dedup_key is the identity; labels and annotations from the payload', () => {
  assert.deepEqual(parsePagerDutyEvent(fixture('pagerduty-trigger.json'), { now }), [
    {
      source: 'pagerduty',
      fingerprint: 'disk-full/db-1',
      status: 'firing',
      labels: {
        alertname: 'disk',
        service: 'db',
        severity: 'error',
        source: 'db-1.prod.example.com',
        component: 'db',
        group: 'storage',
        class: 'disk',
      },
      annotations: {
        summary: 'Disk 95% full on db-1',
        custom_details: '{"free_gb":4.1,"mount":"/var/lib/postgresql"}',
        links: '[{"href":"https://runbooks.example.com/disk","text":"Runbook"}]',
        images: '[{"src":"https://graphs.example.com/disk.png","alt":"disk usage"}]',
        client: 'Datadog',
        client_url: 'https://app.datadoghq.com/monitors/1234',
      },
      startsAt: Date.UTC(2024, 4, 1, 12, 5),
      generatorURL: 'https://app.datadoghq.com/monitors/1234',
    },
  ]);
});

test('without class and component: alertname is the summary, service the source; no timestamp is now', () => {
  const body = fixture('pagerduty-trigger.json');
  for (const field of ['class', 'component', 'group', 'timestamp', 'custom_details'])
    delete body.payload[field];
  delete body.client_url;
  const [alert] = parsePagerDutyEvent(body, { now });
  assert.deepEqual(alert?.labels, {
    alertname: 'Disk 95% full on db-1',
    service: 'db-1.prod.example.com',
    severity: 'error',
    source: 'db-1.prod.example.com',
  });
  assert.equal(alert?.startsAt, now);
  assert.equal(alert?.generatorURL, 'https://runbooks.example.com/disk');
});

test('a trigger without dedup_key gets a stable key from routing key, summary and source', () => {
  const body = fixture('pagerduty-trigger.json');
  delete body.dedup_key;
  const first = parsePagerDutyEvent(body, { now })[0]!.fingerprint;
  assert.match(first, /^steward-[0-9a-f]{32}$/);
  assert.equal(parsePagerDutyEvent(structuredClone(body), { now: now + 1 })[0]!.fingerprint, first);
  body.payload.source = 'db-2.prod.example.com';
  assert.notEqual(parsePagerDutyEvent(body, { now })[0]!.fingerprint, first);
});

test('acknowledge keeps the alert firing, marked acknowledged; resolve ends it now', () => {
  const [acknowledged] = parsePagerDutyEvent(fixture('pagerduty-acknowledge.json'), { now });
  assert.deepEqual(acknowledged, {
    source: 'pagerduty',
    fingerprint: 'disk-full/db-1',
    status: 'firing',
    labels: {},
    annotations: { acknowledged: 'true' },
    startsAt: now,
  });
  const [resolved] = parsePagerDutyEvent(fixture('pagerduty-resolve.json'), { now });
  assert.equal(resolved?.status, 'resolved');
  assert.equal(resolved?.endsAt, now);
  assert.equal(resolved?.fingerprint, 'disk-full/db-1');
  // A partial payload on a resolve is read as far as it goes.
  const withPayload = fixture('pagerduty-resolve.json');
  withPayload.payload = { summary: 'Disk fine again' };
  assert.equal(parsePagerDutyEvent(withPayload, { now })[0]?.annotations.summary, 'Disk fine again');
});

test('bad events are refused with the path of the bad field', () => {
  const cases: [string, (body: Payload) => void, string][] = [
    [
      'ack without dedup_key',
      (body) => {
        body.event_action = 'acknowledge';
        delete body.dedup_key;
      },
      'dedup_key',
    ],
    ['trigger without payload', (body) => delete body.payload, 'payload'],
    ['unknown action', (body) => (body.event_action = 'escalate'), 'event_action'],
    ['no routing key', (body) => delete body.routing_key, 'routing_key'],
    ['bad severity', (body) => (body.payload.severity = 'fatal'), 'payload.severity'],
    ['no summary', (body) => delete body.payload.summary, 'payload.summary'],
    ['bad timestamp', (body) => (body.payload.timestamp = 'now'), 'payload.timestamp'],
    ['long dedup key', (body) => (body.dedup_key = 'k'.repeat(256)), 'dedup_key'],
    [
      'huge details',
      (body) => (body.payload.custom_details = { log: 'x'.repeat(10 * 1024 * 1024) }),
      'payload.custom_details',
    ],
    ['huge summary', (body) => (body.payload.summary = 'x'.repeat(10 * 1024 * 1024)), 'payload.summary'],
    ['links not a list', (body) => (body.links = { href: 'x' }), 'links'],
  ];
  for (const [name, change, path] of cases) {
    const body = fixture('pagerduty-trigger.json');
    change(body);
    const error = refusal(body);
    assert.ok(
      error.issues.some((issue) => issue.path === path),
      `${name}: ${JSON.stringify(error.issues).slice(0, 500)}`,
    );
    assert.ok(error.message.length < 2_000, name);
  }
  for (const body of [null, [], 'trigger', {}]) refusal(body);
});

test('deeply nested custom details are refused, not a crash', () => {
  const body = fixture('pagerduty-trigger.json');
  let nested: unknown = 'bottom';
  for (let depth = 0; depth < 200_000; depth += 1) nested = [nested];
  body.payload.custom_details = nested;
  try {
    parsePagerDutyEvent(body, { now });
  } catch (error) {
    assert.ok(error instanceof AlertPayloadError, String(error));
  }
});

test('any damage to a recorded event is read or refused as a payload error: nothing else is thrown', () => {
  const random = seededRandom(23);
  const names = ['pagerduty-trigger.json', 'pagerduty-acknowledge.json', 'pagerduty-resolve.json'];
  for (let round = 0; round < 2_000; round += 1) {
    const body = fixture(names[round % names.length]!);
    damage(body, random);
    if (random() < 0.2) damage(body, random);
    try {
      parsePagerDutyEvent(body, { now });
    } catch (error) {
      assert.ok(error instanceof AlertPayloadError, `round ${round}: ${String(error)}`);
    }
  }
});
