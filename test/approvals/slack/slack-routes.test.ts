import assert from 'node:assert/strict';
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { test } from 'node:test';
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import type { SlackDecisionInput } from '../../../src/approvals/slack/index.ts';
import { createLogger } from '../../../src/logging/index.ts';
import { type SlackDecide, slackRoutes } from '../../../src/server/slack-routes.ts';
import type { Store } from '../../../src/store/index.ts';
import { configFrom } from '../../support/budget-fixtures.ts';
import { forEachDatabase } from '../../support/databases.ts';
import {
  blockActionsPayload,
  interactionBody,
  postInteraction,
  signSlackRequest,
  slackSigningSecret,
} from '../../support/slack-interactions.ts';

const config = configFrom(
  'approvals:\n  slack:\n    channel: C0APPROVAL\n    users:\n      U0ALICE: alice\n',
);
const logger = createLogger({ format: 'json', level: 'silent' });
const unknownApprover =
  'You are not a known approver: ask for your Slack user id (U…) to be added under approvals.slack.users.';

/** The Slack routes alone, mounted at /slack as `steward serve` does, with a decide that records its calls. */
async function startSlackApp(
  store: Store,
  options: { signingSecret?: string | undefined; decide?: SlackDecide; answerWithinMs?: number } = {},
) {
  const calls: SlackDecisionInput[] = [];
  const decide: SlackDecide =
    options.decide ??
    (async (input) => ({
      ok: true,
      message: `${input.requestId}: approval 1 of 2 recorded; waiting for more`,
    }));
  const app = new Hono();
  app.route(
    '/slack',
    slackRoutes({
      db: store.db,
      config,
      signingSecret: 'signingSecret' in options ? options.signingSecret : slackSigningSecret,
      decide: (input) => {
        calls.push(input);
        return decide(input);
      },
      now: Date.now,
      logger,
      ...(options.answerWithinMs === undefined ? {} : { answerWithinMs: options.answerWithinMs }),
    }),
  );
  const server = serve({ fetch: app.fetch, hostname: '127.0.0.1', port: 0 });
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/slack/interactions`,
    calls,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

const click = (userId = 'U0ALICE', actionId = 'steward_approve') =>
  interactionBody(blockActionsPayload({ userId, actionId, value: 'ar_0123456789' }));
const nowSeconds = () => Math.floor(Date.now() / 1000);

async function errorOf(response: Response): Promise<string> {
  return ((await response.json()) as { error: string }).error;
}

forEachDatabase('Slack interactions route', (database) => {
  test('a signed click from a mapped user decides once, as that person, and answers the person only', async () => {
    const store = await database.open();
    const app = await startSlackApp(store);
    try {
      const response = await postInteraction(app.url, click());
      assert.equal(response.status, 200);
      assert.deepEqual(await response.json(), {
        response_type: 'ephemeral',
        text: 'ar_0123456789: approval 1 of 2 recorded; waiting for more',
      });
      assert.deepEqual(app.calls, [
        {
          requestId: 'ar_0123456789',
          person: 'alice',
          decision: 'approve',
          comment: 'via Slack',
          via: 'slack',
        },
      ]);
      const reject = await postInteraction(app.url, click('U0ALICE', 'steward_reject'));
      assert.equal(reject.status, 200);
      assert.equal(app.calls[1]?.decision, 'reject');
    } finally {
      await app.close();
    }
  });

  test('a refusal from the gate is passed on to the person; an error in it is answered, not thrown', async () => {
    const store = await database.open();
    const refusing = await startSlackApp(store, {
      decide: async () => ({
        ok: false,
        message: 'alice is not in the approver groups of ar_0123456789 (sre).',
      }),
    });
    try {
      const response = await postInteraction(refusing.url, click());
      assert.equal(response.status, 200);
      assert.deepEqual(await response.json(), {
        response_type: 'ephemeral',
        text: 'alice is not in the approver groups of ar_0123456789 (sre).',
      });
    } finally {
      await refusing.close();
    }
    const failing = await startSlackApp(store, {
      decide: async () => {
        throw new Error('database on fire');
      },
    });
    try {
      // Another click of the same button: a new timestamp, so not a replay of the first.
      const again = click();
      const response = await postInteraction(
        failing.url,
        again,
        signSlackRequest(again, { timestampSeconds: nowSeconds() - 30 }),
      );
      assert.equal(response.status, 200);
      const body = (await response.json()) as { response_type: string; text: string };
      assert.equal(body.response_type, 'ephemeral');
      assert.match(body.text, /could not record your decision on ar_0123456789/);
      assert.doesNotMatch(body.text, /on fire/);
    } finally {
      await failing.close();
    }
  });

  test('a decision slower than Slack waits for is answered in time and still finishes', async () => {
    const store = await database.open();
    let finish: () => void = () => {};
    const finished = new Promise<void>((resolve) => {
      finish = resolve;
    });
    const app = await startSlackApp(store, {
      answerWithinMs: 50,
      decide: async () => {
        await new Promise((resolve) => setTimeout(resolve, 300));
        finish();
        return { ok: true, message: 'recorded' };
      },
    });
    try {
      const started = Date.now();
      const response = await postInteraction(app.url, click());
      assert.ok(Date.now() - started < 300);
      assert.deepEqual(await response.json(), {
        response_type: 'ephemeral',
        text: 'Your decision on ar_0123456789 is being recorded; the message will show the outcome.',
      });
      await finished;
      assert.equal(app.calls.length, 1);
    } finally {
      await app.close();
    }
  });

  test('forged, stale, future and unsigned requests are refused with 401 and decide nothing', async () => {
    const store = await database.open();
    const app = await startSlackApp(store);
    try {
      const body = click();
      const forged = await postInteraction(
        app.url,
        body,
        signSlackRequest(body, { secret: 'guessed-secret' }),
      );
      assert.equal(forged.status, 401);
      assert.match(await errorOf(forged), /does not match the body/);

      const tampered = await postInteraction(
        app.url,
        click('U0ALICE', 'steward_reject'),
        signSlackRequest(body),
      );
      assert.equal(tampered.status, 401);

      const stale = await postInteraction(
        app.url,
        body,
        signSlackRequest(body, { timestampSeconds: nowSeconds() - 6 * 60 }),
      );
      assert.equal(stale.status, 401);
      assert.match(await errorOf(stale), /more than 5 minutes old/);

      const future = await postInteraction(
        app.url,
        body,
        signSlackRequest(body, { timestampSeconds: nowSeconds() + 6 * 60 }),
      );
      assert.equal(future.status, 401);
      assert.match(await errorOf(future), /in the future/);

      const unsigned = await postInteraction(app.url, body, {});
      assert.equal(unsigned.status, 401);
      assert.match(await errorOf(unsigned), /missing X-Slack-Request-Timestamp or X-Slack-Signature/);
      const noTimestamp = await postInteraction(app.url, body, {
        'x-slack-signature': signSlackRequest(body)['x-slack-signature'],
      });
      assert.equal(noTimestamp.status, 401);

      assert.deepEqual(app.calls, []);
      assert.deepEqual(
        await store.db.selectFrom('slack_requests').selectAll().execute(),
        [],
        'refusals are not remembered',
      );
    } finally {
      await app.close();
    }
  });

  test('the same signed request twice is a replay: refused the second time, decided once', async () => {
    const store = await database.open();
    const app = await startSlackApp(store);
    try {
      const body = click();
      const headers = signSlackRequest(body);
      const first = await postInteraction(app.url, body, headers);
      assert.equal(first.status, 200);
      const again = await postInteraction(app.url, body, headers);
      assert.equal(again.status, 401);
      assert.match(await errorOf(again), /replayed/);
      assert.equal(app.calls.length, 1);
      // Both copies at once: one is taken.
      const other = click('U0ALICE', 'steward_reject');
      const otherHeaders = signSlackRequest(other);
      const answers = await Promise.all([
        postInteraction(app.url, other, otherHeaders),
        postInteraction(app.url, other, otherHeaders),
      ]);
      assert.deepEqual(answers.map((answer) => answer.status).sort(), [200, 401]);
      assert.equal(app.calls.length, 2);
    } finally {
      await app.close();
    }
  });

  test('a malformed payload is a 400 naming the field; an unknown Slack user is told how to be added', async () => {
    const store = await database.open();
    const app = await startSlackApp(store);
    try {
      const notOurs = interactionBody(
        blockActionsPayload({ userId: 'U0ALICE', actionId: 'someone_elses_button', value: 'ar_0123456789' }),
      );
      const malformed = await postInteraction(app.url, notOurs);
      assert.equal(malformed.status, 400);
      const body = (await malformed.json()) as { error: string; issues: { path: string }[] };
      assert.match(body.error, /actions\.0\.action_id/);
      assert.equal(body.issues[0]?.path, 'actions.0.action_id');
      const noPayload = await postInteraction(app.url, 'nothing=here');
      assert.equal(noPayload.status, 400);
      assert.match(await errorOf(noPayload), /payload/);

      const stranger = await postInteraction(app.url, click('U0MALLORY'));
      assert.equal(stranger.status, 200);
      assert.deepEqual(await stranger.json(), { response_type: 'ephemeral', text: unknownApprover });
      assert.deepEqual(app.calls, []);
    } finally {
      await app.close();
    }
  });

  test('without SLACK_SIGNING_SECRET every request is refused with 503; a body over 1 MB with 413', async () => {
    const store = await database.open();
    const unset = await startSlackApp(store, { signingSecret: undefined });
    try {
      const response = await postInteraction(unset.url, click());
      assert.equal(response.status, 503);
      assert.match(await errorOf(response), /SLACK_SIGNING_SECRET is not set/);
      assert.deepEqual(unset.calls, []);
    } finally {
      await unset.close();
    }
    const app = await startSlackApp(store);
    try {
      const huge = `payload=${'x'.repeat(1024 * 1024 + 1)}`;
      const response = await postInteraction(app.url, huge);
      assert.equal(response.status, 413);
      assert.match(await errorOf(response), /larger than 1 MB/);
      assert.deepEqual(app.calls, []);
    } finally {
      await app.close();
    }
  });
});
