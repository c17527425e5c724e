import assert from 'node:assert/strict';
import { test } from 'node:test';
import { apiToken, startApp, webhookSecret } from '../support/app-server.ts';
import { forEachDatabase } from '../support/databases.ts';
import { deliver, examplePayload, pullRequestPayload, signedDelivery } from '../support/webhooks.ts';

const head = 'd'.repeat(40);

forEachDatabase('webhook endpoint', (database) => {
  test('a signed pull_request delivery is stored as one job and answered 202; its redelivery changes nothing', async () => {
    const store = await database.open();
    const app = await startApp(store);
    try {
      const delivery = await signedDelivery(
        webhookSecret,
        'pull_request',
        pullRequestPayload('opened', { repo: 'acme/web', pr: 3, head, installationId: 9 }),
      );
      const first = await deliver(app.url, delivery);
      assert.equal(first.status, 202);
      assert.equal(first.body.status, 'queued');
      assert.equal(app.queued, 1, 'the worker is woken');
      const jobs = await store.db.selectFrom('jobs').select(['id', 'kind', 'payload', 'status']).execute();
      assert.equal(jobs.length, 1);
      assert.equal(jobs[0]!.id, first.body.job);
      assert.equal(jobs[0]!.kind, 'github.review-pull-request');
      assert.deepEqual(JSON.parse(jobs[0]!.payload), {
        repo: 'acme/web',
        pr: 3,
        head,
        full: false,
        installationId: 9,
      });

      const again = await deliver(app.url, delivery);
      assert.equal(again.status, 200);
      assert.equal(again.body.status, 'duplicate');
      // The same event under a new delivery id (GitHub sent it twice) finds the job already queued.
      const twin = await deliver(
        app.url,
        await signedDelivery(
          webhookSecret,
          'pull_request',
          pullRequestPayload('synchronize', { repo: 'acme/web', pr: 3, head, installationId: 9 }),
        ),
      );
      assert.equal(twin.body.status, 'already queued');
      assert.equal(twin.body.job, first.body.job);
      assert.equal((await store.db.selectFrom('jobs').selectAll().execute()).length, 1);
      assert.equal(app.queued, 1);
    } finally {
      await app.close();
    }
  });

  test('a bad, missing or foreign signature is answered 401 and nothing is stored', async () => {
    const store = await database.open();
    const app = await startApp(store);
    try {
      const payload = pullRequestPayload('opened', { repo: 'acme/web', pr: 4, head });
      const good = await signedDelivery(webhookSecret, 'pull_request', payload);
      const cases = [
        { ...good, headers: { ...good.headers, 'x-hub-signature-256': `sha256=${'0'.repeat(64)}` } },
        {
          ...good,
          headers: Object.fromEntries(
            Object.entries(good.headers).filter(([name]) => name !== 'x-hub-signature-256'),
          ),
        },
        await signedDelivery('another-secret', 'pull_request', payload),
        { ...good, body: good.body.replace('"opened"', '"closed"') },
        {
          ...good,
          headers: {
            ...good.headers,
            'x-hub-signature-256': good.headers['x-hub-signature-256']!.replace('sha256=', 'sha1='),
          },
        },
      ];
      for (const delivery of cases) {
        const answer = await deliver(app.url, delivery);
        assert.equal(answer.status, 401);
        assert.match(answer.body.error, /X-Hub-Signature-256/);
      }
      assert.deepEqual(await store.db.selectFrom('jobs').selectAll().execute(), []);
      assert.deepEqual(await store.db.selectFrom('webhook_deliveries').selectAll().execute(), []);
    } finally {
      await app.close();
    }
  });

  test('signed but malformed deliveries are answered 400 with what was wrong, and nothing is stored', async () => {
    const store = await database.open();
    const app = await startApp(store);
    try {
      const broken = pullRequestPayload('opened', { repo: 'acme/web', pr: 5, head });
      broken.pull_request.head.sha = 42;
      const notJson = await signedDelivery(webhookSecret, 'pull_request', {});
      notJson.body = '{"action": ';
      const { sign } = await import('@octokit/webhooks-methods');
      notJson.headers['x-hub-signature-256'] = await sign(webhookSecret, notJson.body);
      const noEvent = await signedDelivery(webhookSecret, 'pull_request', broken);
      delete noEvent.headers['x-github-event'];

      const invalid = await deliver(app.url, await signedDelivery(webhookSecret, 'pull_request', broken));
      assert.equal(invalid.status, 400);
      assert.match(invalid.body.error, /pull_request\.head\.sha/);
      const unparsable = await deliver(app.url, notJson);
      assert.equal(unparsable.status, 400);
      assert.match(unparsable.body.error, /not JSON/);
      const headerless = await deliver(app.url, noEvent);
      assert.equal(headerless.status, 400);
      assert.match(headerless.body.error, /X-GitHub-Event/);
      assert.deepEqual(await store.db.selectFrom('jobs').selectAll().execute(), []);
      assert.deepEqual(await store.db.selectFrom('webhook_deliveries').selectAll().execute(), []);
    } finally {
      await app.close();
    }
  });

  test('pause and resume commands, installation events and ignored events are stored once, answered 200', async () => {
    const store = await database.open();
    const app = await startApp(store);
    try {
      const comment = examplePayload('issue_comment', 'created');
      comment.comment.body = '/steward pause';
      comment.comment.author_association = 'OWNER';
      comment.issue.number = 8;
      comment.issue.pull_request = { url: 'x' };
      comment.repository.full_name = 'acme/web';
      const paused = await deliver(app.url, await signedDelivery(webhookSecret, 'issue_comment', comment));
      assert.deepEqual([paused.status, paused.body.status], [200, 'paused']);
      const state = () =>
        store.db.selectFrom('github_pull_requests').select(['repo', 'pr', 'paused']).execute();
      assert.deepEqual(await state(), [{ repo: 'acme/web', pr: 8, paused: 1 }]);
      comment.comment.body = '/steward resume';
      await deliver(app.url, await signedDelivery(webhookSecret, 'issue_comment', comment));
      assert.deepEqual(await state(), [{ repo: 'acme/web', pr: 8, paused: 0 }]);

      const installation = examplePayload('installation', 'created');
      const installed = await deliver(
        app.url,
        await signedDelivery(webhookSecret, 'installation', installation),
      );
      assert.equal(installed.status, 200);
      const rows = await store.db.selectFrom('github_installations').select(['id', 'status']).execute();
      assert.deepEqual(rows, [{ id: installation.installation.id, status: 'active' }]);

      const ping = await deliver(
        app.url,
        await signedDelivery(webhookSecret, 'ping', examplePayload('ping')),
      );
      assert.deepEqual([ping.status, ping.body.status], [200, 'ignored']);
      assert.equal((await store.db.selectFrom('webhook_deliveries').selectAll().execute()).length, 4);
      assert.deepEqual(await store.db.selectFrom('jobs').selectAll().execute(), []);
    } finally {
      await app.close();
    }
  });

  test('without GITHUB_WEBHOOK_SECRET, deliveries are refused 503 rather than trusted', async () => {
    const store = await database.open();
    const app = await startApp(store, { secret: undefined });
    try {
      const answer = await deliver(
        app.url,
        await signedDelivery(
          webhookSecret,
          'pull_request',
          pullRequestPayload('opened', { repo: 'acme/web', pr: 3, head }),
        ),
      );
      assert.equal(answer.status, 503);
      assert.match(answer.body.error, /GITHUB_WEBHOOK_SECRET/);
    } finally {
      await app.close();
    }
  });

  test('health, unknown routes and API authentication answer JSON', async () => {
    const store = await database.open();
    const app = await startApp(store);
    const disabled = await startApp(store, { token: undefined });
    try {
      const health = await fetch(`${app.url}/healthz`);
      assert.equal(health.status, 200);
      const body = (await health.json()) as {
        status: string;
        database: string;
        jobs: Record<string, number>;
      };
      assert.equal(body.status, 'ok');
      assert.equal(body.database, database.dialect);
      assert.equal(body.jobs.queued, 0);

      const missing = await fetch(`${app.url}/nowhere`);
      assert.equal(missing.status, 404);
      assert.match(((await missing.json()) as { error: string }).error, /no route GET \/nowhere/);

      const cases: [Record<string, string>, number, RegExp][] = [
        [{}, 401, /missing Authorization/],
        [{ authorization: 'Bearer wrong-token-wrong-token' }, 401, /not valid/],
        [{ authorization: `Basic ${apiToken}` }, 400, /Bearer/],
        [{ authorization: `Bearer ${apiToken}` }, 200, /items/],
      ];
      for (const [headers, status, pattern] of cases) {
        const response = await fetch(`${app.url}/api/queue`, { headers });
        assert.equal(response.status, status, JSON.stringify(headers));
        assert.match(await response.text(), pattern);
      }
      const off = await fetch(`${disabled.url}/api/queue`, {
        headers: { authorization: `Bearer ${apiToken}` },
      });
      assert.equal(off.status, 503);
      assert.match(((await off.json()) as { error: string }).error, /STEWARD_API_TOKEN/);
    } finally {
      await app.close();
      await disabled.close();
    }
  });
});
