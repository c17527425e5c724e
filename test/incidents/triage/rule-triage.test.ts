import assert from 'node:assert/strict';
import { test } from 'node:test';
import { incidentsSchema } from '../../../src/config/index.ts';
import { labelMatches, ruleTriage, type TriageAlert } from '../../../src/incidents/triage/rule-triage.ts';

const alert = (service: string, alertname: string, startsAt: number, summary?: string): TriageAlert => ({
  labels: { service, alertname },
  annotations: summary === undefined ? {} : { summary },
  startsAt,
  status: 'firing',
});

test('a configured cause rule wins, with its own confidence', () => {
  const config = incidentsSchema.parse({
    cause_rules: [{ match: { alertname: '/^Disk.*Full$/' }, cause: 'log rotation stopped', confidence: 0.8 }],
  });
  const triage = ruleTriage([alert('api', 'HighLatency', 1), alert('db', 'DiskAlmostFull', 2)], config);
  assert.deepEqual(triage, {
    likelyCause: 'log rotation stopped',
    confidence: 0.8,
    basis: 'cause rule matching alertname=/^Disk.*Full$/',
  });
});

test('across dependent services, the one the others depend on (transitively) is the likely cause', () => {
  const config = incidentsSchema.parse({ dependencies: { web: ['api'], api: ['db', 'cache'] } });
  const triage = ruleTriage(
    [
      alert('web', 'Errors5xx', 1),
      alert('api', 'HighLatency', 2),
      alert('db', 'ReplicationLag', 3, 'replica 2 is 40 s behind'),
    ],
    config,
  );
  assert.equal(triage?.likelyCause, 'db: replica 2 is 40 s behind');
  assert.equal(triage?.confidence, 0.6);
  assert.match(triage!.basis, /web, api depend on db/);
});

test('without rules or dependencies, the earliest alert, at low confidence; nothing for no alerts', () => {
  const config = incidentsSchema.parse({});
  const triage = ruleTriage([alert('api', 'HighLatency', 5), alert('queue', 'Backlog', 2)], config);
  assert.deepEqual(triage, {
    likelyCause: 'queue: Backlog',
    confidence: 0.3,
    basis: 'the earliest alert of the incident',
  });
  assert.equal(ruleTriage([], config), undefined);
});

test('label patterns: exact, /regex/, a broken regex matches nothing', () => {
  assert.ok(labelMatches('db', 'db'));
  assert.ok(!labelMatches('db', 'db2'));
  assert.ok(labelMatches('/^db\\d$/', 'db2'));
  assert.ok(!labelMatches('/([/', 'x'));
  assert.ok(!labelMatches('db', undefined));
});
