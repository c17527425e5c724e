import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { createGitHubClients, postQueueItem } from '../../src/github/index.ts';
import { openStore } from '../../src/store/index.ts';
import { apiToken, startApp } from '../support/app-server.ts';
import { forEachDatabase } from '../support/databases.ts';
import { type FakeGitHubServer, startFakeGitHubServer } from '../support/fake-github-server.ts';
import { type FakeLlmServer, startFakeLlmServer } from '../support/fake-llm-server.ts';
import { testKeys } from '../support/meter-fixtures.ts';
import { makeWorkspace, runCli } from '../support/run-cli.ts';

let llm: FakeLlmServer;
let github: FakeGitHubServer;
const finding = (line: number, title: string, category: string, confidence: number) => ({
  path: 'src/orders.ts',
  start_line: line,
  end_line: line,
  severity: 'high',
  category,
  confidence,
  title,
  explanation: `${title}: see the changed line.`,
  replacement: null,
});

before(async () => {
  llm = await startFakeLlmServer({
    respond: () => ({
      kind: 'ok',
      usage: { input: 900, output: 200 },
      text: JSON.stringify({
        findings: [
          finding(2, 'Total may be negative', 'bug', 0.4),
          finding(3, 'Discount applied twice', 'bug', 0.45),
          finding(4, 'Order id concatenated into SQL', 'security', 0.5),
          finding(5, 'Long function', 'maintainability', 0.4),
        ],
      }),
    }),
  });
  github = await startFakeGitHubServer();
});
after(async () => {
  await llm.close();
  await github.close();
});

const patch =
  '@@ -1,2 +1,6 @@\n export function total(order) {\n+  const sum = order.items.reduce((a, b) => a + b.price, 0);\n+  const discounted = applyDiscount(applyDiscount(sum));\n+  db.query("select * from orders where id = " + order.id);\n+  return discounted - order.credit;\n   return 0;';

forEachDatabase('human review queue through the CLI and the API', (database) => {
  test('uncertain bug and security findings wait in the queue; accept posts one, dismiss needs a reason; the API needs its token', async () => {
    const pr = database.dialect === 'sqlite' ? 1 : 2;
    github.addPullRequest({
      repo: 'acme/shop',
      number: pr,
      baseSha: 'a'.repeat(40),
      headSha: `${pr}`.repeat(40),
      files: [{ filename: 'src/orders.ts', status: 'modified', patch }],
    });
    github.setFile('acme/shop', 'CODEOWNERS', '* @acme/backend\n');
    const options = await database.create();
    const workspace = makeWorkspace({
      '.git/HEAD': '',
      '.steward.yml': `providers:\n  openai:\n    base_url: ${llm.baseURL}\n  anthropic:\n    base_url: ${llm.baseURL}\n`,
    });
    const env = {
      ...testKeys,
      GITHUB_TOKEN: github.token,
      GITHUB_API_URL: github.url,
      STEWARD_DATA_DIR: options.dataDir ?? join(workspace.dir, 'data'),
      ...(options.databaseUrl === undefined ? {} : { DATABASE_URL: options.databaseUrl }),
    };
    const cli = (...args: string[]) => runCli(args, { cwd: workspace.dir, env });
    try {
      const review = await cli('review', '--pr', `acme/shop#${pr}`, '--post', '--format', 'json');
      assert.equal(review.code, 0, review.stderr);
      assert.match(review.stderr, /posted 0 finding\(s\) to acme\/shop#\d; 3 wait in the human review queue/);
      assert.equal(github.reviews('acme/shop', pr).length, 0, 'nothing sure enough to post inline');
      const summary = github.issueComments('acme/shop', pr);
      assert.equal(summary.length, 1);
      assert.match(summary[0]!.body, /Long function/, 'other hints are collapsed in the summary');

      const listed = await cli('queue', 'list', '--format', 'json');
      assert.equal(listed.code, 0, listed.stderr);
      const items = (
        JSON.parse(listed.stdout) as { items: { id: string; title: string; reviewers: string[] }[] }
      ).items;
      assert.deepEqual(items.map((item) => item.title).sort(), [
        'Discount applied twice',
        'Order id concatenated into SQL',
        'Total may be negative',
      ]);
      assert.ok(items.every((item) => item.reviewers.join() === '@acme/backend'));
      const table = await cli('queue', 'list');
      assert.match(table.stdout, /Order id concatenated into SQL/);
      const id = (title: string) => items.find((item) => item.title === title)!.id;

      const accepted = await cli('queue', 'accept', id('Order id concatenated into SQL'), '--by', 'mia');
      assert.equal(accepted.code, 0, accepted.stderr);
      assert.match(accepted.stdout, /accepted .* posted to acme\/shop#\d \(src\/orders\.ts:4\)/);
      const comments = github.reviewComments('acme/shop', pr);
      assert.equal(comments.length, 1);
      assert.match(comments[0]!.body ?? '', /Order id concatenated into SQL/);
      assert.equal(comments[0]!.line, 4);
      const twice = await cli('queue', 'accept', id('Order id concatenated into SQL'));
      assert.equal(twice.code, 2);
      assert.match(twice.stderr, /already accepted by mia/);

      const noReason = await cli('queue', 'dismiss', id('Total may be negative'));
      assert.equal(noReason.code, 2);
      assert.match(noReason.stderr, /--reason/);
      const blank = await cli('queue', 'dismiss', id('Total may be negative'), '--reason', '   ');
      assert.equal(blank.code, 2);
      const dismissed = await cli(
        'queue',
        'dismiss',
        id('Total may be negative'),
        '--reason',
        'credit is never larger than the sum',
      );
      assert.equal(dismissed.code, 0, dismissed.stderr);
      const unknown = await cli('queue', 'accept', 'ffffffff');
      assert.equal(unknown.code, 2);
      assert.match(unknown.stderr, /No review queue item has the id "ffffffff"/);

      // The same queue over the API.
      const store = await openStore(options);
      const clients = createGitHubClients({ env });
      const app = await startApp(store, {
        postQueueItem: (item) => postQueueItem({ db: store.db, clients, now: Date.now }, item),
      });
      try {
        const call = (path: string, init: RequestInit = {}, token = apiToken) =>
          fetch(`${app.url}/api${path}`, {
            ...init,
            headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
          });
        assert.equal((await call('/queue', {}, 'not-the-token-at-all')).status, 401);
        assert.equal(
          (await fetch(`${app.url}/api/queue/${id('Discount applied twice')}/accept`, { method: 'POST' }))
            .status,
          401,
        );
        assert.equal(
          github.reviewComments('acme/shop', pr).length,
          1,
          'an unauthorised accept posts nothing',
        );

        const pending = (await (await call('/queue')).json()) as { items: { title: string }[] };
        assert.deepEqual(
          pending.items.map((item) => item.title),
          ['Discount applied twice'],
        );
        const all = (await (await call('/queue?status=all')).json()) as { items: unknown[] };
        assert.equal(all.items.length, 3);
        const badQuery = await call('/queue?status=maybe');
        assert.equal(badQuery.status, 400);
        assert.match(await badQuery.text(), /status/);

        const missingReason = await call(`/queue/${id('Discount applied twice')}/dismiss`, {
          method: 'POST',
          body: '{}',
        });
        assert.equal(missingReason.status, 400);
        assert.match(await missingReason.text(), /reason/);
        const notJson = await call(`/queue/${id('Discount applied twice')}/dismiss`, {
          method: 'POST',
          body: '{reason',
        });
        assert.equal(notJson.status, 400);
        assert.equal((await call('/queue/ffffffff/accept', { method: 'POST' })).status, 404);
        const decided = await call(`/queue/${id('Total may be negative')}/accept`, { method: 'POST' });
        assert.equal(decided.status, 409);
        assert.match(await decided.text(), /already dismissed/);

        const ok = await call(`/queue/${id('Discount applied twice')}/accept`, {
          method: 'POST',
          body: JSON.stringify({ by: 'ravi' }),
        });
        assert.equal(ok.status, 200);
        assert.equal(((await ok.json()) as { status: string }).status, 'accepted');
        assert.equal(github.reviewComments('acme/shop', pr).length, 2);
        const feedback = (await (await call('/feedback')).json()) as {
          categories: Record<string, { judged: number; accepted: number; rejected: number }>;
        };
        assert.deepEqual(
          {
            judged: feedback.categories.bug!.judged,
            accepted: feedback.categories.bug!.accepted,
            rejected: feedback.categories.bug!.rejected,
          },
          { judged: 2, accepted: 1, rejected: 1 },
        );
        assert.equal(feedback.categories.security!.accepted, 1);
      } finally {
        await app.close();
        await store.close();
      }
    } finally {
      workspace.remove();
    }
  });
});
