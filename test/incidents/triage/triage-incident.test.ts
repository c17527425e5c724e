import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import {
  incidentJobContext,
  incidentJobHandlers,
  type NormalizedAlert,
  parseStoredTriage,
  storeAlerts,
  triageIncidentJob,
} from '../../../src/incidents/index.ts';
import { createLogger } from '../../../src/logging/index.ts';
import type { Store } from '../../../src/store/index.ts';
import { configFrom } from '../../support/budget-fixtures.ts';
import { forEachDatabase } from '../../support/databases.ts';
import { type FakeLlmServer, startFakeLlmServer } from '../../support/fake-llm-server.ts';
import { meterConfigYaml, testKeys } from '../../support/meter-fixtures.ts';

let llm: FakeLlmServer;
before(async () => {
  llm = await startFakeLlmServer({
    defaultReply: {
      kind: 'ok',
      text: JSON.stringify({
        summary: 'Checkout fails because the payments gateway times out.',
        likely_cause: 'payments gateway timeouts',
        confidence: 0.7,
        suggested_action: 'Fail over payments to the secondary gateway',
      }),
      usage: { input: 900, output: 60 },
    },
  });
});
after(async () => {
  await llm.close();
});

const alert = (service: string, alertname: string): NormalizedAlert => ({
  source: 'alertmanager',
  fingerprint: `${service}-${alertname}`,
  status: 'firing',
  labels: { alertname, service, severity: 'critical' },
  annotations: {},
  startsAt: Date.now() - 60_000,
});

async function triageWith(store: Store, yaml: string, env: NodeJS.ProcessEnv = testKeys) {
  const config = configFrom(yaml);
  const { result } = await storeAlerts(store.db, store.dialect, {
    config: config.incidents,
    alerts: [alert('checkout', 'Errors5xx'), alert('payments', 'GatewayTimeouts')],
    now: Date.now(),
  });
  const id = result.incidents[0]!.id;
  const context = incidentJobContext({
    store,
    loaded: { config, environment: {}, path: undefined, warnings: [] },
    env,
    cwd: process.cwd(),
    logger: createLogger({ format: 'json', level: 'silent' }),
  });
  await incidentJobHandlers(context)[triageIncidentJob]!({ incidentId: id, isNew: true });
  const row = await store.db
    .selectFrom('incidents')
    .select('triage')
    .where('id', '=', id)
    .executeTakeFirstOrThrow();
  return { id, triage: parseStoredTriage(row.triage) };
}

forEachDatabase('incident triage', (database) => {
  test('with a provider, the summary comes from a model through the meter, charged to the incident', async () => {
    const store = await database.open();
    const { id, triage } = await triageWith(
      store,
      meterConfigYaml(llm, 'incidents:\n  dependencies:\n    checkout: [payments]\n'),
    );
    assert.equal(triage?.summaryBy, 'model');
    assert.equal(triage?.summary, 'Checkout fails because the payments gateway times out.');
    assert.ok((triage?.costMicros ?? 0) > 0);
    assert.equal(
      triage?.likelyCause,
      'payments gateway timeouts',
      'the model was surer than the dependency rule (0.6)',
    );
    assert.match(triage!.basis, /rules said: payments: GatewayTimeouts/);
    // No history: the model's suggestion is the only action, marked as such, and proposed, not run.
    assert.deepEqual(
      triage?.actions.map((action) => [action.origin, action.kind, action.tries]),
      [['model', 'failover', 0]],
    );
    assert.match(triage!.actions[0]!.line, /suggested by a model; no past incident supports it/);
    assert.equal(triage?.proposals, 1);
    const proposals = await store.db
      .selectFrom('incident_proposals')
      .select(['incident_id', 'kind', 'origin', 'status', 'outcome_reason', 'approval_request_id'])
      .execute();
    // It went to the approval gate, which has no rule for it here: denied by default, never run.
    assert.deepEqual(
      proposals.map(({ outcome_reason: _reason, approval_request_id: _request, ...rest }) => rest),
      [{ incident_id: id, kind: 'failover', origin: 'model', status: 'denied' }],
    );
    assert.match(proposals[0]!.outcome_reason ?? '', /no rule with wide: true allows it/);
    const request = await store.db
      .selectFrom('approval_requests')
      .select(['id', 'kind', 'status', 'agent', 'run_id'])
      .executeTakeFirstOrThrow();
    assert.deepEqual(
      { ...request, id: undefined },
      { id: undefined, kind: 'infra_change', status: 'denied', agent: 'incidents', run_id: id },
    );
    assert.equal(proposals[0]!.approval_request_id, request.id);
    assert.equal(await store.db.selectFrom('approval_steps').select('step').executeTakeFirst(), undefined);
    const ledger = await store.db
      .selectFrom('ledger_entries')
      .select(['purpose', 'scopes', 'outcome'])
      .execute();
    assert.equal(ledger.length, 1);
    assert.equal(ledger[0]!.purpose, 'incidents:triage');
    assert.equal(ledger[0]!.outcome, 'ok');
    const scopes = JSON.parse(ledger[0]!.scopes) as string[];
    assert.ok(scopes.includes('agent:incidents'));
    assert.ok(scopes.includes(`incident:${id}`));
  });

  test("over the incident's budget, or without a provider, triage stands on rules and says why", async () => {
    const store = await database.open();
    const before = llm.requests.length;
    const refused = await triageWith(
      store,
      meterConfigYaml(llm, 'budgets:\n  per_incident:\n    lifetime_usd: 0.000001\n'),
    );
    assert.equal(refused.triage?.summaryBy, 'rules');
    assert.match(refused.triage!.notes.join('\n'), /model triage refused: .*incident:/);
    assert.equal(llm.requests.length, before, 'a refused call is never made');

    const other = await database.open();
    const none = await triageWith(other, 'incidents:\n  dependencies:\n    checkout: [payments]\n', {});
    assert.equal(none.triage?.summaryBy, 'rules');
    assert.match(none.triage!.likelyCause!, /^payments: GatewayTimeouts/);
    assert.match(none.triage!.notes.join('\n'), /no model provider/);
  });
});
