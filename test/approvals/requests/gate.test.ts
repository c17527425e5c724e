import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  ActionChangedError,
  AlreadyDecidedError,
  ApprovalRequestClosedError,
  approvalJobHandlers,
  decideRequest,
  decisionsOf,
  expireRequests,
  InvalidActionError,
  NotAllowedToDecideError,
  readRequest,
  requestOutcome,
  verifyAudit,
} from '../../../src/approvals/index.ts';
import { createJobWorker } from '../../../src/jobs/index.ts';
import { createLogger } from '../../../src/logging/index.ts';
import { forEachDatabase } from '../../support/databases.ts';
import { auditEvents, gateFor, policyYaml, queuedExecutions } from './gate-fixtures.ts';

const approve = (person: string, comment = '') => ({
  person,
  decision: 'approve' as const,
  comment,
  via: 'cli',
});

forEachDatabase('approval gate', (database) => {
  test('auto: non-production and read-only kinds run without approval, through the executor', async () => {
    const store = await database.open();
    const gate = gateFor(store);
    const staging = await gate.propose({ environment: 'staging' });
    assert.equal(staging.result, 'auto');
    assert.equal(staging.request.status, 'approved');
    assert.equal(staging.request.policy.rule, 'default: non-production');
    assert.equal(await queuedExecutions(store.db, staging.request.id), 1);
    const done = await gate.execute(staging.request.id);
    assert.equal(done.status, 'executed');
    assert.deepEqual(
      gate.executor.done.map((step) => [step.requestId, step.targets, step.arguments]),
      [[staging.request.id, ['api-1'], { graceful: true }]],
    );
    assert.deepEqual(await auditEvents(store.db, staging.request.id), [
      'proposed',
      'approval_complete',
      'execution_started',
      'step_executed',
      'step_passed',
      'executed',
    ]);

    const analyse = await gate.propose({ kind: 'analyse', targets: { services: ['api', 'web', 'db'] } });
    assert.equal(analyse.result, 'auto');
    assert.equal(analyse.request.policy.rule, 'default: read-only kinds');
    assert.equal(analyse.request.policy.wide, false);
  });

  test('deny by default: a production kind without a rule, and an unknown kind', async () => {
    const store = await database.open();
    const gate = gateFor(store);
    const scale = await gate.propose({ kind: 'scale', arguments: { replicas: 10 } });
    assert.equal(scale.result, 'denied');
    assert.equal(scale.request.status, 'denied');
    assert.match(scale.message, /no rule in approvals\.rules allows scale in production: denied by default/);
    const outcome = await requestOutcome(store.db, scale.request.id);
    assert.equal(outcome.closed, true);
    assert.match(outcome.reason ?? '', /denied by default/);
    assert.equal(await queuedExecutions(store.db, scale.request.id), 0);

    await assert.rejects(gate.propose({ kind: 'reboot_everything' }), (error: unknown) => {
      assert.ok(error instanceof InvalidActionError);
      assert.match(
        error.message,
        /kind: unknown action kind "reboot_everything": expected one of deploy, rollback/,
      );
      return true;
    });
    await assert.rejects(
      gate.propose({ targets: { services: [], hosts: [] }, reason: ' ' }),
      (error: unknown) => {
        assert.ok(error instanceof InvalidActionError);
        assert.match(error.message, /targets: expected at least one target/);
        assert.match(error.message, /reason: a reason is required/);
        return true;
      },
    );
    assert.equal((await store.db.selectFrom('approval_requests').selectAll().execute()).length, 1);
  });

  test('approve with one approver: pending, approved, executed once', async () => {
    const store = await database.open();
    const gate = gateFor(store);
    const proposal = await gate.propose();
    assert.equal(proposal.result, 'pending');
    assert.match(proposal.message, /waits for 1 approval\(s\) from sre \(approvals\.rules\[0\]\)/);
    assert.equal(await queuedExecutions(store.db, proposal.request.id), 0);
    const early = await gate.execute(proposal.request.id);
    assert.equal(early.status, 'pending');
    assert.equal(gate.executor.calls.length, 0, 'nothing runs before its approval');

    const decided = await decideRequest(gate.deps, {
      requestId: proposal.request.id,
      ...approve('alice', 'looks right'),
    });
    assert.equal(decided.request.status, 'approved');
    assert.equal(await queuedExecutions(store.db, proposal.request.id), 1);
    assert.equal((await gate.execute(proposal.request.id)).status, 'executed');
    assert.equal((await gate.execute(proposal.request.id)).status, 'executed');
    assert.equal(gate.executor.calls.length, 1);
    assert.deepEqual(gate.executor.done[0]!.approvedBy, ['alice']);
    const outcome = await requestOutcome(store.db, proposal.request.id);
    assert.deepEqual([outcome.status, outcome.closed, outcome.approvedBy], ['executed', false, ['alice']]);
  });

  test('approve with two approvers: the same person counts once; a wait delays the run', async () => {
    const store = await database.open();
    const gate = gateFor(
      store,
      policyYaml.replace(
        '      min_approvals: 2\n    - kinds: [restart]',
        '      min_approvals: 2\n      wait_minutes: 10\n    - kinds: [restart]',
      ),
    );
    const proposal = await gate.propose({
      kind: 'deploy',
      targets: { hosts: ['web-1'] },
      arguments: { version: '1.4.2' },
    });
    assert.equal(proposal.request.policy.minApprovals, 2);
    const first = await decideRequest(gate.deps, { requestId: proposal.request.id, ...approve('alice') });
    assert.equal(first.request.status, 'pending');
    assert.match(first.message, /approval 1 of 2 recorded/);
    await assert.rejects(
      decideRequest(gate.deps, { requestId: proposal.request.id, ...approve('alice') }),
      AlreadyDecidedError,
    );
    const second = await decideRequest(gate.deps, { requestId: proposal.request.id, ...approve('dana') });
    assert.equal(second.request.status, 'approved');
    assert.match(second.message, /runs in 10 min/);
    const job = await store.db
      .selectFrom('jobs')
      .selectAll()
      .where('kind', '=', 'approval.execute')
      .executeTakeFirstOrThrow();
    assert.equal(Number(job.run_after_ms), gate.clock.now + 10 * 60_000);
  });

  test('reject: closed with the reason, handed back to the agent, never executed', async () => {
    const store = await database.open();
    const gate = gateFor(store);
    const proposal = await gate.propose();
    await assert.rejects(
      decideRequest(gate.deps, {
        requestId: proposal.request.id,
        person: 'bob',
        decision: 'reject',
        comment: ' ',
        via: 'cli',
      }),
      /A rejection needs a comment/,
    );
    const rejected = await decideRequest(gate.deps, {
      requestId: proposal.request.id,
      person: 'bob',
      decision: 'reject',
      comment: 'api-1 is the canary; restart api-2',
      via: 'cli',
    });
    assert.equal(rejected.request.status, 'rejected');
    const outcome = await requestOutcome(store.db, proposal.request.id);
    assert.deepEqual(outcome, {
      id: proposal.request.id,
      status: 'rejected',
      closed: true,
      reason: 'rejected by bob: api-1 is the canary; restart api-2',
      approvedBy: [],
      rejectedBy: ['bob'],
    });
    await assert.rejects(
      decideRequest(gate.deps, { requestId: proposal.request.id, ...approve('alice') }),
      ApprovalRequestClosedError,
    );
    assert.equal((await gate.execute(proposal.request.id)).status, 'rejected');
    assert.equal(gate.executor.calls.length, 0);
  });

  test('expiry is a denial: a late approval is refused and the agent is told', async () => {
    const store = await database.open();
    const gate = gateFor(store);
    const late = await gate.propose();
    const swept = await gate.propose({ targets: { hosts: ['api-2'] } });
    gate.clock.now += 61 * 60_000;
    await assert.rejects(
      decideRequest(gate.deps, { requestId: late.request.id, ...approve('alice') }),
      (error: unknown) =>
        error instanceof ApprovalRequestClosedError && /expired at .*expiry is a denial/.test(error.message),
    );
    assert.equal((await readRequest(store.db, late.request.id)).status, 'expired');
    assert.deepEqual(await expireRequests(gate.deps), [swept.request.id]);
    assert.deepEqual(await expireRequests(gate.deps), []);
    const outcome = await requestOutcome(store.db, swept.request.id);
    assert.equal(outcome.closed, true);
    assert.match(outcome.reason ?? '', /expired at 2026-11-25T10:00:00.000Z without the approvals it needed/);
    assert.equal(await queuedExecutions(store.db, late.request.id), 0);
  });

  test('the proposer, an agent and people outside the approver groups cannot decide', async () => {
    const store = await database.open();
    const gate = gateFor(store);
    const proposal = await gate.propose({ requested_by: 'alice' });
    const cases: [string, RegExp][] = [
      ['alice', /alice asked for .*: the proposer cannot decide on it/],
      ['incidents', /incidents is an agent: an agent proposes, it never approves/],
      ['agent:incidents', /is not a valid person name|an agent proposes/],
      ['review', /an agent proposes, it never approves/],
      ['dana', /dana is not in the approver groups of .* \(sre\)/],
      ['mallory', /not in the approver groups/],
    ];
    for (const [person, pattern] of cases) {
      await assert.rejects(
        decideRequest(gate.deps, { requestId: proposal.request.id, ...approve(person) }),
        (error: unknown) => error instanceof NotAllowedToDecideError && pattern.test(error.message),
        person,
      );
    }
    assert.equal((await readRequest(store.db, proposal.request.id)).status, 'pending');
    assert.deepEqual(await decisionsOf(store.db, proposal.request), []);
  });

  test('a changed argument after approval needs a new approval', async () => {
    const store = await database.open();
    const gate = gateFor(store);
    const proposal = await gate.propose();
    const seen = proposal.request.actionHash;
    await decideRequest(gate.deps, { requestId: proposal.request.id, ...approve('alice'), actionHash: seen });
    // The stored action is altered between approval and execution.
    await store.db
      .updateTable('approval_requests')
      .set({ arguments: JSON.stringify({ graceful: false }) })
      .where('id', '=', proposal.request.id)
      .execute();
    const sentBack = await gate.execute(proposal.request.id);
    assert.equal(sentBack.status, 'pending');
    assert.match(
      sentBack.outcomeReason ?? '',
      /the action changed after it was approved .*it needs a new approval/,
    );
    assert.equal(gate.executor.calls.length, 0);
    assert.notEqual(sentBack.actionHash, seen);
    assert.deepEqual(
      (await decisionsOf(store.db, sentBack)).map((decision) => [decision.person, decision.current]),
      [['alice', false]],
    );
    await assert.rejects(
      decideRequest(gate.deps, { requestId: proposal.request.id, ...approve('bob'), actionHash: seen }),
      ActionChangedError,
    );
    const again = await decideRequest(gate.deps, {
      requestId: proposal.request.id,
      ...approve('alice'),
      actionHash: sentBack.actionHash,
    });
    assert.equal(again.request.status, 'approved');
    assert.equal((await gate.execute(proposal.request.id)).status, 'executed');
    assert.deepEqual(
      gate.executor.done.map((step) => step.arguments),
      [{ graceful: false }],
    );
    assert.ok((await auditEvents(store.db, proposal.request.id)).includes('changed'));
  });

  test('two approvals at the same moment: counted one after the other, one execution', async () => {
    const store = await database.open();
    const gate = gateFor(store);
    const single = await gate.propose();
    const results = await Promise.allSettled(
      ['alice', 'bob', 'carol'].map((person) =>
        decideRequest(gate.deps, { requestId: single.request.id, ...approve(person) }),
      ),
    );
    assert.equal(results.filter((result) => result.status === 'fulfilled').length, 1);
    for (const result of results) {
      if (result.status === 'rejected') assert.ok(result.reason instanceof ApprovalRequestClosedError);
    }
    assert.equal(await queuedExecutions(store.db, single.request.id), 1);

    const double = await gate.propose({ kind: 'deploy', targets: { hosts: ['web-1'] } });
    const both = await Promise.all(
      ['alice', 'dana'].map((person) =>
        decideRequest(gate.deps, { requestId: double.request.id, ...approve(person) }),
      ),
    );
    assert.deepEqual(both.map((result) => result.approvals).sort(), [1, 2]);
    assert.equal((await readRequest(store.db, double.request.id)).status, 'approved');
    assert.equal(await queuedExecutions(store.db, double.request.id), 1);

    // Workers racing on the same requests still run each step once.
    const runs = await Promise.allSettled([
      gate.execute(single.request.id),
      gate.execute(single.request.id),
      gate.execute(double.request.id),
      gate.execute(double.request.id),
    ]);
    for (const run of runs) {
      if (run.status === 'rejected') assert.match(String(run.reason), /being executed by another worker/);
    }
    assert.equal((await readRequest(store.db, single.request.id)).status, 'executed');
    assert.equal((await readRequest(store.db, double.request.id)).status, 'executed');
    assert.deepEqual(
      gate.executor.calls.map((step) => step.requestId).sort(),
      [single.request.id, double.request.id].sort(),
    );
  });

  test('a crash between approval and execution: the job runs after a restart, once', async () => {
    const store = await database.open();
    const before = gateFor(store);
    const proposal = await before.propose();
    await decideRequest(before.deps, { requestId: proposal.request.id, ...approve('alice') });
    // The process dies here. A new one starts its worker on the same database.
    const after = gateFor(store);
    const { signal: _signal, ...deps } = after.executeDeps();
    const worker = createJobWorker({
      db: store.db,
      dialect: store.dialect,
      handlers: approvalJobHandlers(deps),
      concurrency: 2,
      logger: createLogger({ format: 'json', level: 'silent' }),
    });
    worker.start();
    await worker.idle();
    await worker.stop();
    assert.equal((await readRequest(store.db, proposal.request.id)).status, 'executed');
    assert.equal(after.executor.calls.length, 1);
    assert.equal(before.executor.calls.length, 0);
  });

  test('a crash in the middle of a step: resumed with the same idempotency key, done once', async () => {
    const store = await database.open();
    const gate = gateFor(store);
    const proposal = await gate.propose({ targets: { hosts: ['api-1', 'api-2'] } });
    await decideRequest(gate.deps, { requestId: proposal.request.id, ...approve('alice') });
    let crashes = 1;
    const real = gate.executor.run.bind(gate.executor);
    gate.executor.run = async (step) => {
      const result = await real(step);
      if (step.step === 2 && crashes-- > 0) throw new Error('process killed after the executor acted');
      return result;
    };
    await assert.rejects(gate.execute(proposal.request.id), /process killed/);
    // Until the dead worker's claim lapses, nobody else runs the request.
    await assert.rejects(gate.execute(proposal.request.id), /being executed by another worker/);
    gate.clock.now += 20 * 60_000;
    const resumed = await gate.execute(proposal.request.id);
    assert.equal(resumed.status, 'executed');
    assert.deepEqual(
      gate.executor.calls.map((step) => [step.step, step.idempotencyKey.endsWith(`:${step.step}`)]),
      [
        [1, true],
        [2, true],
        [2, true],
      ],
    );
    assert.equal(gate.executor.calls[1]!.idempotencyKey, gate.executor.calls[2]!.idempotencyKey);
    assert.equal(gate.executor.done.length, 2, 'each step carried out once');
  });

  test('restarting every service of a degraded system: denied, or approved by the wide rule and rolled out in steps', async () => {
    const store = await database.open();
    const strict = gateFor(
      store,
      policyYaml.replace(
        / {4}- kinds: \[restart\]\n {6}environments: \[production\]\n {6}wide: true[\s\S]*?min_approvals: 2\n/,
        '',
      ),
    );
    const denied = await strict.propose({
      targets: { services: ['api', 'web', 'db'] },
      reason: 'everything is slow',
    });
    assert.equal(denied.result, 'denied');
    assert.match(denied.request.outcomeReason ?? '', /touches every service \(3 of 3\)/);
    assert.match(denied.request.outcomeReason ?? '', /no rule with wide: true allows it/);

    const gate = gateFor(store);
    const wide = await gate.propose({
      targets: { services: ['api', 'web', 'db'] },
      reason: 'everything is slow',
    });
    assert.equal(wide.result, 'pending');
    assert.equal(wide.request.policy.wide, true);
    assert.equal(wide.request.policy.minApprovals, 2);
    await decideRequest(gate.deps, { requestId: wide.request.id, ...approve('alice') });
    await decideRequest(gate.deps, { requestId: wide.request.id, ...approve('bob') });
    gate.health.unhealthy.add('web/web-1');
    const failed = await gate.execute(wide.request.id);
    assert.equal(failed.status, 'failed');
    assert.match(
      failed.outcomeReason ?? '',
      /health check after step \d+ of 7 \(web\/web-1\) failed: web\/web-1 answered 503/,
    );
    for (const step of gate.executor.done) assert.equal(step.targets.length, 1, 'one target per step');
    const ran = gate.executor.done.flatMap((step) => step.targets);
    assert.equal(ran.at(-1), 'web/web-1', 'the rollout stopped at the failed check');
    assert.ok(ran.length < 7);
    assert.deepEqual(gate.health.checked.flat(), ran, 'a health check after every step');
    const outcome = await requestOutcome(store.db, wide.request.id);
    assert.equal(outcome.closed, true);
    assert.equal((await gate.execute(wide.request.id)).status, 'failed');
    assert.equal(gate.executor.done.length, ran.length, 'a failed rollout does not resume');
  });

  test('targets that changed after approval (drift) need a new approval', async () => {
    const store = await database.open();
    const gate = gateFor(store);
    const proposal = await gate.propose({ targets: { services: ['web'] } });
    assert.equal(proposal.request.policy.wide, true);
    await decideRequest(gate.deps, { requestId: proposal.request.id, ...approve('alice') });
    await decideRequest(gate.deps, { requestId: proposal.request.id, ...approve('carol') });
    gate.inventory.web = ['web-1', 'web-2', 'web-3'];
    const drifted = await gate.execute(proposal.request.id);
    assert.equal(drifted.status, 'pending');
    assert.match(drifted.outcomeReason ?? '', /its targets changed since they were approved/);
    assert.equal(gate.executor.calls.length, 0);
    assert.ok((await auditEvents(store.db, proposal.request.id)).includes('drift'));
    await decideRequest(gate.deps, { requestId: proposal.request.id, ...approve('alice') });
    await decideRequest(gate.deps, { requestId: proposal.request.id, ...approve('bob') });
    assert.equal((await gate.execute(proposal.request.id)).status, 'executed');
    assert.deepEqual(
      gate.executor.done.flatMap((step) => step.targets),
      ['web/web-1', 'web/web-2', 'web/web-3'],
    );
    const audit = await verifyAudit(store.db);
    assert.equal(audit.ok, true, JSON.stringify(audit.problems));
  });

  test('a host target whose service shrank after approval: re-approved under the policy it now falls under, or denied', async () => {
    const store = await database.open();
    const gate = gateFor(store);
    const proposal = await gate.propose({ targets: { hosts: ['api-1'] } });
    assert.equal(proposal.request.policy.wide, false);
    await decideRequest(gate.deps, { requestId: proposal.request.id, ...approve('alice') });
    gate.inventory.api = ['api-1'];
    const drifted = await gate.execute(proposal.request.id);
    assert.equal(drifted.status, 'pending');
    assert.equal(drifted.policy.wide, true, 'api-1 is now all of api');
    assert.equal(drifted.policy.minApprovals, 2);
    assert.match(drifted.outcomeReason ?? '', /covers 1 of 1 instances of api/);

    const strict = gateFor(
      store,
      policyYaml.replace(
        / {4}- kinds: \[restart\]\n {6}environments: \[production\]\n {6}wide: true[\s\S]*?min_approvals: 2\n/,
        '',
      ),
    );
    const narrow = await strict.propose({ targets: { hosts: ['api-2'] } });
    await decideRequest(strict.deps, { requestId: narrow.request.id, ...approve('alice') });
    strict.inventory.api = ['api-2'];
    const denied = await strict.execute(narrow.request.id);
    assert.equal(denied.status, 'denied');
    assert.match(denied.outcomeReason ?? '', /its targets changed .*policy now denies it/);
    assert.equal(strict.executor.calls.length + gate.executor.calls.length, 0);
    assert.equal((await requestOutcome(store.db, narrow.request.id)).closed, true);
  });
});
