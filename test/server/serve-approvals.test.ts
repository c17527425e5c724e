import assert from 'node:assert/strict';
import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { test } from 'node:test';
import { verifyExecutorSignature } from '../../src/approvals/execute/index.ts';
import { createLogger } from '../../src/logging/index.ts';
import { startServer } from '../../src/server/index.ts';
import { forEachDatabase } from '../support/databases.ts';
import { startFakeSlackServer } from '../support/fake-slack-server.ts';
import { waitFor } from '../support/github-app-fixture.ts';
import { makeWorkspace } from '../support/run-cli.ts';
import {
  blockActionsPayload,
  interactionBody,
  postInteraction,
  signSlackRequest,
  slackSigningSecret,
} from '../support/slack-interactions.ts';

// biome-ignore lint/suspicious/noExplicitAny: the tests read whatever JSON the API answers
type Answer = Record<string, any>;

const operator = 'operator-token-0123456789';
const aliceToken = 'alice-token-0123456789';
const bobToken = 'bob-token-0123456789ab';
const executorSecret = 'executor-secret-0123456789';

interface Received {
  key: string | undefined;
  signed: boolean;
  body: {
    request_id: string;
    step: number;
    steps: number;
    targets: string[];
    kind: string;
    approved_by: string[];
  };
}

/** An executor receiver that checks every signature and does each idempotency key once, and a health endpoint. */
async function startReceivers(): Promise<{
  executorUrl: string;
  healthUrl: string;
  received: Received[];
  probed: string[];
  unhealthy: Set<string>;
  close(): Promise<void>;
}> {
  const received: Received[] = [];
  const probed: string[] = [];
  const unhealthy = new Set<string>();
  const executor = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => {
      body += chunk.toString('utf8');
    });
    request.on('end', () => {
      const signed = verifyExecutorSignature(
        executorSecret,
        request.headers['x-steward-timestamp'] as string | undefined,
        body,
        request.headers['x-steward-signature'] as string | undefined,
      );
      received.push({
        key: request.headers['idempotency-key'] as string | undefined,
        signed,
        body: JSON.parse(body),
      });
      response.writeHead(signed ? 200 : 401, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ ok: signed }));
    });
  });
  const health = createServer((request, response) => {
    const target = new URL(request.url ?? '/', 'http://x').searchParams.get('target') ?? '';
    probed.push(target);
    response.writeHead(unhealthy.has(target) ? 503 : 200);
    response.end();
  });
  const listen = async (server: Server) => {
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  };
  const executorUrl = await listen(executor);
  const healthUrl = await listen(health);
  return {
    executorUrl,
    healthUrl,
    received,
    probed,
    unhealthy,
    close: async () => {
      executor.close();
      health.close();
    },
  };
}

forEachDatabase('steward serve: the approval gate', (database) => {
  test('propose through the API, decide with approver tokens, run signed steps with health checks between them', async () => {
    const options = await database.create();
    const receivers = await startReceivers();
    const workspace = makeWorkspace({
      '.steward.yml': `server:
  port: 0
approvals:
  groups:
    sre: [alice, bob]
  rules:
    - kinds: [restart]
      environments: [production]
      decision: approve
      approvers: [sre]
    - kinds: [restart]
      environments: [production]
      wide: true
      decision: approve
      approvers: [sre]
      min_approvals: 2
  blast_radius:
    inventory:
      api: [api-1, api-2, api-3]
  executor:
    webhook_url: ${receivers.executorUrl}/run
  health_check:
    url: ${receivers.healthUrl}/health?target={target}
    attempts: 2
    interval_seconds: 0
`,
    });
    const server = await startServer({
      cwd: workspace.dir,
      env: {
        STEWARD_API_TOKEN: operator,
        STEWARD_APPROVER_TOKENS: `alice=${aliceToken}, bob=${bobToken}`,
        STEWARD_EXECUTOR_SECRET: executorSecret,
        STEWARD_DATA_DIR: options.dataDir ?? join(workspace.dir, 'data'),
        ...(options.databaseUrl === undefined ? {} : { DATABASE_URL: options.databaseUrl }),
      },
      logger: createLogger({ format: 'json', level: 'silent' }),
    });
    const call = async (method: string, path: string, token: string, body?: unknown) => {
      const response = await fetch(`${server.url}/api${path}`, {
        method,
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
      });
      return { status: response.status, body: (await response.json()) as Answer };
    };
    const action = {
      kind: 'restart',
      targets: { hosts: ['api-1'] },
      environment: 'production',
      agent: 'incidents',
      run: 'c0ffee01',
      reason: 'api-1 leaks memory; restarting it resolved 3 of 3 similar incidents',
    };
    try {
      const proposed = await call('POST', '/approvals', operator, action);
      assert.equal(proposed.status, 201);
      assert.equal(proposed.body.result, 'pending');
      const id = proposed.body.request.id as string;

      const byOperator = await call('POST', `/approvals/${id}/approve`, operator, {});
      assert.equal(byOperator.status, 403);
      assert.match(byOperator.body.error, /only an approver token may approve/);
      const wrongHash = await call('POST', `/approvals/${id}/approve`, aliceToken, {
        action_hash: 'a'.repeat(64),
      });
      assert.equal(wrongHash.status, 409);
      assert.match(wrongHash.body.error, /not the action you saw/);
      const approved = await call('POST', `/approvals/${id}/approve`, aliceToken, {
        comment: 'go',
        action_hash: proposed.body.request.actionHash,
      });
      assert.equal(approved.status, 200);
      assert.equal(approved.body.request.status, 'approved');
      await waitFor(
        async () => (await call('GET', `/approvals/${id}`, operator)).body.request.status === 'executed',
        'the approved restart to run',
      );
      assert.deepEqual(
        receivers.received.map((entry) => [
          entry.body.request_id,
          entry.body.targets,
          entry.signed,
          entry.body.approved_by,
        ]),
        [[id, ['api-1'], true, ['alice']]],
      );
      assert.ok(receivers.received[0]!.key?.startsWith(`${id}:`));
      assert.deepEqual(receivers.probed, ['api-1']);
      const shown = await call('GET', `/approvals/${id}`, operator);
      assert.deepEqual(
        shown.body.audit.map((entry: { event: string }) => entry.event),
        [
          'proposed',
          'approved',
          'approval_complete',
          'execution_started',
          'step_executed',
          'step_passed',
          'executed',
        ],
      );

      // Every instance of api: wide, two approvals, one instance per step; a failed check stops it.
      receivers.unhealthy.add('api/api-2');
      const wide = await call('POST', '/approvals', operator, { ...action, targets: { services: ['api'] } });
      assert.equal(wide.body.result, 'pending');
      assert.match(wide.body.request.policy.notes.join(' '), /covers 3 of 3 instances of api/);
      const wideId = wide.body.request.id as string;
      assert.equal(
        (await call('POST', `/approvals/${wideId}/approve`, aliceToken, {})).body.request.status,
        'pending',
      );
      const twice = await call('POST', `/approvals/${wideId}/approve`, aliceToken, {});
      assert.equal(twice.status, 409);
      assert.match(twice.body.error, /the same person counts once/);
      assert.equal(
        (await call('POST', `/approvals/${wideId}/approve`, bobToken, {})).body.request.status,
        'approved',
      );
      await waitFor(
        async () => (await call('GET', `/approvals/${wideId}`, operator)).body.request.status === 'failed',
        'the rollout to stop',
      );
      const steps = receivers.received.filter((entry) => entry.body.request_id === wideId);
      assert.deepEqual(
        steps.map((entry) => entry.body.targets),
        [['api/api-1'], ['api/api-2']],
        'api-3 was never touched',
      );
      assert.ok(steps.every((entry) => entry.body.steps === 3));
      const outcome = await call('GET', `/approvals/${wideId}/outcome`, operator);
      assert.equal(outcome.body.closed, true);
      assert.match(
        outcome.body.reason,
        /health check after step 2 of 3 \(api\/api-2\) failed: api\/api-2 unhealthy after 2 probes: answered 503; the remaining 1 step\(s\) were not run/,
      );

      // Bad input: a clear 4xx, nothing stored.
      const unknown = await call('POST', '/approvals', operator, { ...action, kind: 'nuke' });
      assert.equal(unknown.status, 400);
      assert.match(unknown.body.error, /kind: unknown action kind "nuke"/);
      assert.equal((await call('POST', '/approvals', operator, '{"kind":')).status, 400);
      const rejectBare = await call('POST', `/approvals/${id}/reject`, bobToken, {});
      assert.equal(rejectBare.status, 400);
      assert.equal((await call('GET', '/approvals/ar_0000000000', operator)).status, 404);
      const all = await call('GET', '/approvals?status=all', operator);
      assert.equal(all.body.requests.length, 2);
    } finally {
      await server.close();
      await receivers.close();
      workspace.remove();
    }
  });

  test('Slack: the request is posted with buttons; a signed click decides it, a forged, stale or replayed one does not', async () => {
    const options = await database.create();
    const slack = await startFakeSlackServer();
    const workspace = makeWorkspace({
      '.steward.yml': `server:
  port: 0
approvals:
  groups:
    sre: [alice, bob]
  rules:
    - kinds: [rollback]
      decision: approve
      approvers: [sre]
  slack:
    channel: C0APPROVAL
    users:
      U0ALICE: alice
`,
    });
    const server = await startServer({
      cwd: workspace.dir,
      env: {
        STEWARD_API_TOKEN: operator,
        SLACK_BOT_TOKEN: slack.token,
        SLACK_API_URL: slack.apiUrl,
        SLACK_SIGNING_SECRET: slackSigningSecret,
        STEWARD_DATA_DIR: options.dataDir ?? join(workspace.dir, 'data'),
        ...(options.databaseUrl === undefined ? {} : { DATABASE_URL: options.databaseUrl }),
      },
      logger: createLogger({ format: 'json', level: 'silent' }),
    });
    const api = async (path: string, body?: unknown) => {
      const response = await fetch(`${server.url}/api${path}`, {
        method: body === undefined ? 'GET' : 'POST',
        headers: { authorization: `Bearer ${operator}`, 'content-type': 'application/json' },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      return (await response.json()) as Answer;
    };
    try {
      const proposed = await api('/approvals', {
        kind: 'rollback',
        targets: { hosts: ['checkout-7'] },
        environment: 'production',
        arguments: { to: 'v41' },
        agent: 'incidents',
        run: 'deadbeef',
        reason: 'v42 raised 5xx from 0.1% to 7%',
      });
      const id = proposed.request.id as string;
      await waitFor(() => slack.messages.length === 1, 'the request to reach Slack');
      assert.match(slack.messages[0]!.text, /rollback/);
      const click = interactionBody(
        blockActionsPayload({
          userId: 'U0ALICE',
          actionId: 'steward_approve',
          value: id,
          messageTs: slack.messages[0]!.ts,
        }),
      );
      const forged = await postInteraction(
        `${server.url}/slack/interactions`,
        click,
        signSlackRequest(click, { secret: 'not-the-secret-0123456789' }),
      );
      assert.equal(forged.status, 401);
      const stale = await postInteraction(
        `${server.url}/slack/interactions`,
        click,
        signSlackRequest(click, { timestampSeconds: Math.floor(Date.now() / 1000) - 6 * 60 }),
      );
      assert.equal(stale.status, 401);
      assert.equal(
        (await api(`/approvals/${id}`)).request.status,
        'pending',
        'refused clicks decide nothing',
      );

      const headers = signSlackRequest(click);
      const accepted = await postInteraction(`${server.url}/slack/interactions`, click, headers);
      assert.equal(accepted.status, 200);
      assert.match(((await accepted.json()) as { text: string }).text, /approved/);
      const replayed = await postInteraction(`${server.url}/slack/interactions`, click, headers);
      assert.equal(replayed.status, 401);
      const shown = await api(`/approvals/${id}`);
      assert.deepEqual(
        shown.decisions.map((decision: { person: string; via: string }) => [decision.person, decision.via]),
        [['alice', 'slack']],
      );
      await waitFor(
        async () => (await api(`/approvals/${id}`)).request.status === 'failed',
        'the approved rollback to be tried',
      );
      assert.match((await api(`/approvals/${id}`)).request.outcomeReason, /no executor is configured/);
      await waitFor(() => slack.messages[0]!.history.length > 1, 'the message to be updated');
      assert.equal(slack.messages.length, 1, 'one message per request, updated in place');
    } finally {
      await server.close();
      await slack.close();
      workspace.remove();
    }
  });
});
