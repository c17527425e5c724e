import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  type ApprovalDeps,
  type ApprovalRequest,
  approvalDepsFor,
  decideRequest,
  expireRequests,
  incidentProposalClosedJob,
  listRequests,
  requestOutcome,
} from '../../../src/approvals/index.ts';
import type { LoadedConfig } from '../../../src/config/index.ts';
import {
  alertFingerprint,
  importHistory,
  incidentJobContext,
  incidentJobHandlers,
  type NormalizedAlert,
  type PastIncidentInput,
  parseStoredTriage,
  runQueuedIncidentJobs,
  sendNextProposal,
  storeAlerts,
  triageIncidentJob,
} from '../../../src/incidents/index.ts';
import { createJobWorker } from '../../../src/jobs/index.ts';
import { createLogger } from '../../../src/logging/index.ts';
import type { Store } from '../../../src/store/index.ts';
import { configFrom } from '../../support/budget-fixtures.ts';
import { forEachDatabase } from '../../support/databases.ts';

const minute = 60_000;

/**
 * Restart and rollback in production wait for one approval from sre. An incident proposal targets a
 * whole service (every instance of it), which the blast-radius guard counts as wide: the rule says
 * `wide: true`, else no rule would allow it and the gate would deny it by default.
 */
function configYaml(options: { denyRollback?: boolean } = {}): string {
  const deny = options.denyRollback
    ? `
    - kinds: [rollback]
      environments: [production]
      wide: true
      decision: deny`
    : '';
  return `
approvals:
  expiry_minutes: 60
  groups:
    sre: [alice, bob]
  rules:${deny}
    - kinds: [restart, rollback]
      environments: [production]
      wide: true
      decision: approve
      approvers: [sre]
      min_approvals: 1
    - kinds: [restart, rollback]
      environments: [production]
      decision: approve
      approvers: [sre]
      min_approvals: 1
  blast_radius:
    inventory:
      checkout: [checkout-1, checkout-2]
`;
}

const checkoutLabels = { alertname: 'CheckoutErrorRate', service: 'checkout', env: 'production' };
const rollBack = 'roll back checkout to the previous version';
const restart = 'restart checkout';

function past(
  id: string,
  actions: PastIncidentInput['actions'],
  minutesToResolve: number,
): PastIncidentInput {
  return {
    id,
    title: 'Checkout error rate high: 5xx on checkout',
    services: ['checkout'],
    labels: { ...checkoutLabels, severity: 'critical' },
    summary: 'checkout returned 5xx errors to a large share of requests; checkout error rate over 10%',
    root_cause: 'a bad release of checkout',
    actions,
    resolved: true,
    minutes_to_resolve: minutesToResolve,
  };
}

/** Rolling checkout back worked 3 times in 3; restarting it once in 2: rollback ranks first. */
const history: PastIncidentInput[] = [
  past(
    'INC-2001',
    [
      { action: 'Checked the checkout error logs', kind: 'investigate', outcome: 'no_effect', minutes: 3 },
      {
        action: 'Restarted checkout',
        kind: 'restart',
        target: 'checkout',
        outcome: 'no_effect',
        minutes: 6,
      },
      {
        action: 'Rolled back checkout to the previous version',
        kind: 'rollback',
        target: 'checkout',
        outcome: 'resolved',
        minutes: 12,
      },
    ],
    20,
  ),
  past(
    'INC-2002',
    [
      {
        action: 'Rolled back checkout to the previous version',
        kind: 'rollback',
        target: 'checkout',
        outcome: 'resolved',
        minutes: 9,
      },
    ],
    15,
  ),
  past(
    'INC-2003',
    [
      {
        action: 'Rolled back checkout to the previous version',
        kind: 'rollback',
        target: 'checkout',
        outcome: 'resolved',
        minutes: 10,
      },
    ],
    14,
  ),
  past(
    'INC-2004',
    [{ action: 'Restarted checkout', kind: 'restart', target: 'checkout', outcome: 'resolved', minutes: 5 }],
    9,
  ),
];

function alert(instance: string): NormalizedAlert {
  const labels = { ...checkoutLabels, severity: 'critical', instance };
  return {
    source: 'alertmanager',
    fingerprint: alertFingerprint(labels),
    status: 'firing',
    labels,
    annotations: { summary: 'checkout error rate over 10%: 5xx on checkout' },
    startsAt: Date.now() - minute,
  };
}

function loadedConfig(yaml: string): LoadedConfig {
  return { config: configFrom(yaml), environment: {}, path: undefined, warnings: [] };
}

interface Setup {
  store: Store;
  loaded: LoadedConfig;
  /** The gate as a person (or `steward approvals expire`) reaches it, on the real clock. */
  gate: ApprovalDeps;
  /** What the job runs logged. */
  lines: string[];
}

async function setUp(store: Store, yaml: string, pastIncidents = history): Promise<Setup> {
  const loaded = loadedConfig(yaml);
  await importHistory(store.db, pastIncidents, Date.now());
  const gate = approvalDepsFor({ db: store.db, dialect: store.dialect, config: loaded.config.approvals });
  return { store, loaded, gate, lines: [] };
}

/** Ingests alerts as `steward incidents ingest` does; returns the incident they joined. */
async function ingest(setup: Setup, instance: string): Promise<string> {
  const { result } = await storeAlerts(setup.store.db, setup.store.dialect, {
    config: setup.loaded.config.incidents,
    alerts: [alert(instance)],
    now: Date.now(),
  });
  assert.equal(result.incidents.length, 1);
  return result.incidents[0]!.id;
}

/** Runs the queued incident jobs as the CLI does (real clock, approvals deps built from config). */
async function runJobs(setup: Setup): Promise<void> {
  await runQueuedIncidentJobs({
    store: setup.store,
    loaded: setup.loaded,
    env: {},
    cwd: process.cwd(),
    warn: (line) => setup.lines.push(line),
  });
}

/**
 * The same, with the clock at `now` for the worker and the approval gate: runQueuedIncidentJobs takes
 * the real clock, and a job queued by a gate whose clock was moved forward is not due before then.
 */
async function runJobsAt(setup: Setup, now: number): Promise<void> {
  const clock = () => now;
  const logger = createLogger({ format: 'human', level: 'info', write: (line) => setup.lines.push(line) });
  const context = incidentJobContext({
    store: setup.store,
    loaded: setup.loaded,
    env: {},
    cwd: process.cwd(),
    logger,
  });
  const handlers = incidentJobHandlers({
    ...context,
    now: clock,
    approvals: approvalDepsFor({
      db: setup.store.db,
      dialect: setup.store.dialect,
      config: setup.loaded.config.approvals,
      now: clock,
    }),
  });
  const worker = createJobWorker({
    db: setup.store.db,
    dialect: setup.store.dialect,
    handlers,
    kinds: Object.keys(handlers),
    now: clock,
    logger,
  });
  worker.start();
  await worker.idle();
  await worker.stop();
}

/** Oldest first (requests sent in one pass may share a millisecond: then rollback before restart). */
async function requests(setup: Setup): Promise<ApprovalRequest[]> {
  const order = ['rollback', 'restart'];
  return (await listRequests(setup.store.db, { status: 'all' })).sort(
    (a, b) => a.createdAtMs - b.createdAtMs || order.indexOf(a.kind) - order.indexOf(b.kind),
  );
}

async function proposals(setup: Setup, incidentId: string) {
  const rows = await setup.store.db
    .selectFrom('incident_proposals')
    .select(['action', 'kind', 'status', 'approval_request_id', 'outcome_reason'])
    .where('incident_id', '=', incidentId)
    .execute();
  return new Map(rows.map((row) => [row.action, row]));
}

async function jobsOf(setup: Setup, kind: string) {
  const rows = await setup.store.db
    .selectFrom('jobs')
    .select(['status', 'payload', 'last_error'])
    .where('kind', '=', kind)
    .orderBy('created_at_ms')
    .execute();
  return rows.map((row) => ({
    status: row.status,
    payload: JSON.parse(row.payload) as Record<string, unknown>,
    lastError: row.last_error,
  }));
}

forEachDatabase('incident proposals at the approval gate', (database) => {
  test('triage sends the best production action to the gate; a rejection or expiry sends the next, never one twice', async () => {
    const setup = await setUp(await database.open(), configYaml());
    const { db } = setup.store;

    // 1. Alerts on checkout in production, triage from rules and history (no model provider).
    const incidentId = await ingest(setup, 'checkout-1');
    await runJobs(setup);
    const incident = await db
      .selectFrom('incidents')
      .select('triage')
      .where('id', '=', incidentId)
      .executeTakeFirstOrThrow();
    const triage = parseStoredTriage(incident.triage);
    assert.equal(triage?.summaryBy, 'rules');
    assert.deepEqual(
      triage?.actions.filter((action) => action.kind !== 'investigate').map((action) => action.action),
      [rollBack, restart],
      'rollback (3 of 3) ranks above restart (1 of 2)',
    );
    assert.equal(triage?.proposals, 2);

    // 2. One request at a time: the best-ranked action only, waiting for sre.
    const [first, ...others] = await requests(setup);
    assert.equal(others.length, 0, 'only the best action goes to the gate');
    assert.equal(first!.status, 'pending');
    assert.equal(first!.kind, 'rollback');
    assert.equal(first!.agent, 'incidents');
    assert.equal(first!.runId, incidentId);
    assert.equal(first!.proposedBy, 'agent:incidents');
    assert.equal(first!.environment, 'production');
    assert.deepEqual(first!.targets, { services: ['checkout'], hosts: [] });
    assert.deepEqual(first!.arguments, { action: rollBack, incident: incidentId });
    assert.deepEqual(first!.policy.approvers, ['sre']);
    assert.match(first!.reason, /^roll back checkout to the previous version: Resolved 3 of 3 /);
    let rows = await proposals(setup, incidentId);
    assert.equal(rows.size, 2);
    assert.equal(rows.get(rollBack)?.status, 'proposed');
    assert.equal(rows.get(rollBack)?.approval_request_id, first!.id);
    assert.equal(rows.get(restart)?.status, 'proposed');
    assert.equal(rows.get(restart)?.approval_request_id, null);
    assert.equal(
      await sendNextProposal(setup.gate, incidentId),
      undefined,
      'nothing else is sent while one is open',
    );
    assert.equal((await requests(setup)).length, 1);

    // 3. bob rejects it: the proposal hears why, and the agent is told to propose something else.
    const comment = 'the previous version has the same bug';
    await decideRequest(setup.gate, {
      requestId: first!.id,
      person: 'bob',
      decision: 'reject',
      comment,
      via: 'cli',
    });
    rows = await proposals(setup, incidentId);
    assert.equal(rows.get(rollBack)?.status, 'rejected');
    assert.equal(rows.get(rollBack)?.outcome_reason, `rejected by bob: ${comment}`);
    assert.deepEqual(
      (await jobsOf(setup, incidentProposalClosedJob)).map((job) => [
        job.status,
        job.payload.incidentId,
        job.payload.status,
      ]),
      [['queued', incidentId, 'rejected']],
    );
    assert.deepEqual(await requestOutcome(db, first!.id), {
      id: first!.id,
      status: 'rejected',
      closed: true,
      reason: `rejected by bob: ${comment}`,
      approvedBy: [],
      rejectedBy: ['bob'],
    });

    await runJobs(setup);
    assert.deepEqual(
      (await jobsOf(setup, incidentProposalClosedJob)).map((job) => [job.status, job.lastError]),
      [['done', null]],
    );
    const afterReject = await requests(setup);
    assert.equal(afterReject.length, 2);
    const second = afterReject[1]!;
    assert.equal(second.status, 'pending');
    assert.equal(second.kind, 'restart');
    assert.equal(second.runId, incidentId);
    assert.deepEqual(second.targets, { services: ['checkout'], hosts: [] });
    assert.equal(second.environment, 'production');
    rows = await proposals(setup, incidentId);
    assert.equal(rows.get(restart)?.approval_request_id, second.id);
    assert.equal(rows.get(restart)?.status, 'proposed');
    assert.equal(rows.get(rollBack)?.status, 'rejected', 'the rejection stands');

    // A repeat alert while the restart waits: triage runs again, and neither re-proposes the
    // rejected rollback nor sends anything beside the open request.
    assert.equal(await ingest(setup, 'checkout-2'), incidentId);
    await runJobs(setup);
    assert.ok((await jobsOf(setup, triageIncidentJob)).every((job) => job.status === 'done'));
    assert.equal((await jobsOf(setup, triageIncidentJob)).length, 2, 'the repeat alert was triaged');
    assert.deepEqual(
      (await requests(setup)).map((request) => [request.id, request.status]),
      [
        [first!.id, 'rejected'],
        [second.id, 'pending'],
      ],
    );

    // 4. Nobody decides on the restart: past expiry_minutes it expires, and nothing is left to propose.
    const later = second.expiresAtMs + minute;
    const expired = await expireRequests({ ...setup.gate, now: () => later });
    assert.deepEqual(expired, [second.id]);
    rows = await proposals(setup, incidentId);
    assert.equal(rows.get(restart)?.status, 'expired');
    assert.equal(
      rows.get(restart)?.outcome_reason,
      `expired at ${new Date(second.expiresAtMs).toISOString()} without the approvals it needed`,
    );
    assert.deepEqual(await requestOutcome(db, second.id), {
      id: second.id,
      status: 'expired',
      closed: true,
      reason: rows.get(restart)?.outcome_reason ?? null,
      approvedBy: [],
      rejectedBy: [],
    });
    await runJobsAt(setup, later);
    assert.deepEqual(
      (await jobsOf(setup, incidentProposalClosedJob)).map((job) => [
        job.status,
        job.payload.status,
        job.lastError,
      ]),
      [
        ['done', 'rejected', null],
        ['done', 'expired', null],
      ],
      'the agent heard about the expiry',
    );
    assert.equal((await requests(setup)).length, 2, 'no third request: nothing left to propose');
    assert.ok(setup.lines.some((line) => line.includes('no other action to propose')));

    // 5. Another repeat alert, triaged again: the rejected and expired actions are not proposed again.
    assert.equal(await ingest(setup, 'checkout-3'), incidentId);
    await runJobsAt(setup, later);
    const triages = await jobsOf(setup, triageIncidentJob);
    assert.equal(triages.length, 3);
    assert.ok(triages.every((job) => job.status === 'done'));
    const retriaged = parseStoredTriage(
      (
        await db
          .selectFrom('incidents')
          .select('triage')
          .where('id', '=', incidentId)
          .executeTakeFirstOrThrow()
      ).triage,
    );
    assert.equal(retriaged?.actions[0]?.action, rollBack, 'history still ranks the rollback first');
    assert.deepEqual(
      (await requests(setup)).map((request) => [request.kind, request.status]),
      [
        ['rollback', 'rejected'],
        ['restart', 'expired'],
      ],
    );
    rows = await proposals(setup, incidentId);
    assert.deepEqual([...rows.values()].map((row) => [row.action, row.status]).sort(), [
      [restart, 'expired'],
      [rollBack, 'rejected'],
    ]);
  });

  test('an action the policy denies is skipped at once: the next best goes to the gate', async () => {
    const setup = await setUp(await database.open(), configYaml({ denyRollback: true }));
    const incidentId = await ingest(setup, 'checkout-1');
    await runJobs(setup);

    const [denied, pending, ...others] = await requests(setup);
    assert.equal(others.length, 0);
    assert.equal(denied!.kind, 'rollback');
    assert.equal(denied!.status, 'denied');
    assert.equal(denied!.policy.rule, 'approvals.rules[0]');
    assert.match(denied!.outcomeReason ?? '', /denied by approvals\.rules\[0\]/);
    assert.equal(pending!.kind, 'restart');
    assert.equal(pending!.status, 'pending');
    assert.equal(pending!.runId, incidentId);
    assert.equal(pending!.policy.rule, 'approvals.rules[1]');

    const rows = await proposals(setup, incidentId);
    assert.equal(rows.get(rollBack)?.status, 'denied');
    assert.equal(rows.get(rollBack)?.approval_request_id, denied!.id);
    assert.equal(rows.get(rollBack)?.outcome_reason, denied!.outcomeReason);
    assert.equal(rows.get(restart)?.status, 'proposed');
    assert.equal(rows.get(restart)?.approval_request_id, pending!.id);
    // The denial was handled in the same pass: no feedback job, and nothing more to send.
    assert.deepEqual(await jobsOf(setup, incidentProposalClosedJob), []);
    assert.equal(await sendNextProposal(setup.gate, incidentId), undefined);
    assert.equal((await requests(setup)).length, 2);
  });

  test('an action the gate cannot take (a history target that is no service name) is refused; triage goes on', async () => {
    // History is free text: a target such as "checkout pods" is fine there, but not a service name.
    const loose = history.map((incident) => ({
      ...incident,
      actions: incident.actions.map((action) =>
        action.kind === 'rollback' ? { ...action, target: 'checkout pods' } : action,
      ),
    }));
    const setup = await setUp(await database.open(), configYaml(), loose);
    const incidentId = await ingest(setup, 'checkout-1');
    await runJobs(setup);

    assert.deepEqual(
      (await jobsOf(setup, triageIncidentJob)).map((job) => [job.status, job.lastError]),
      [['done', null]],
      'triage is not failed by one action',
    );
    const triage = parseStoredTriage(
      (
        await setup.store.db
          .selectFrom('incidents')
          .select('triage')
          .where('id', '=', incidentId)
          .executeTakeFirstOrThrow()
      ).triage,
    );
    assert.equal(triage?.actions[0]?.action, rollBack);
    const rows = await proposals(setup, incidentId);
    assert.equal(rows.get(rollBack)?.status, 'denied');
    assert.equal(rows.get(rollBack)?.approval_request_id, null);
    assert.match(
      rows.get(rollBack)?.outcome_reason ?? '',
      /targets\.services\.0: expected a name without spaces/,
    );
    const [only, ...others] = await requests(setup);
    assert.equal(others.length, 0);
    assert.equal(only!.kind, 'restart');
    assert.equal(only!.status, 'pending');
    assert.equal(rows.get(restart)?.approval_request_id, only!.id);
  });
});
