import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { openStore } from '../../src/store/index.ts';
import { forEachDatabase } from '../support/databases.ts';
import { type FakeGitHubServer, startFakeGitHubServer } from '../support/fake-github-server.ts';
import { type FakeLlmServer, startFakeLlmServer } from '../support/fake-llm-server.ts';
import { testGitHubApp, waitFor } from '../support/github-app-fixture.ts';
import { testKeys } from '../support/meter-fixtures.ts';
import { makeWorkspace } from '../support/run-cli.ts';
import { deliver, pullRequestPayload, signedDelivery } from '../support/webhooks.ts';

const secret = 'restart-test-secret';
const app = testGitHubApp();
const finding = {
  path: 'src/pay.ts',
  start_line: 2,
  end_line: 2,
  severity: 'critical',
  category: 'security',
  confidence: 0.95,
  title: 'Amount taken from the client',
  explanation: 'The charged amount comes from the request body: a client can pay what it likes.',
  replacement: null,
};
let llm: FakeLlmServer;
let github: FakeGitHubServer;
let calls = 0;

before(async () => {
  // The first call of each test hangs long enough for its server to be killed while waiting for it.
  llm = await startFakeLlmServer({
    respond: () => {
      calls += 1;
      const reply = {
        kind: 'ok' as const,
        text: JSON.stringify({ findings: [finding] }),
        usage: { input: 500, output: 80 },
      };
      return calls % 2 === 1 ? { kind: 'slow' as const, delayMs: 60_000, reply } : reply;
    },
  });
  github = await startFakeGitHubServer({ app: { id: app.id, publicKeyPem: app.publicKeyPem } });
});
after(async () => {
  await llm.close();
  await github.close();
});

/** `steward serve` in its own process; resolves with its URL once it listens. */
function serve(cwd: string, env: NodeJS.ProcessEnv): Promise<{ url: string; child: ChildProcess }> {
  const bin = new URL('../../bin/steward.js', import.meta.url).pathname;
  const child = spawn(process.execPath, [bin, 'serve'], {
    cwd,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return new Promise((resolve, reject) => {
    let stdout = '';
    let stderr = '';
    child.stdout!.on('data', (chunk) => {
      stdout += String(chunk);
      const url = /listening on (\S+)/.exec(stdout)?.[1];
      if (url !== undefined) resolve({ url, child });
    });
    child.stderr!.on('data', (chunk) => {
      stderr += String(chunk);
    });
    child.once('exit', (code) => reject(new Error(`steward serve exited ${code}: ${stderr}`)));
  });
}

forEachDatabase('steward serve killed mid-job', (database) => {
  test('the server is killed while its review waits for the model: after restart the job runs again, and the PR gets one review', async () => {
    const pr = database.dialect === 'sqlite' ? 31 : 32;
    const head = `${pr}`.repeat(20);
    github.addPullRequest({
      repo: 'acme/pay',
      number: pr,
      baseSha: 'a'.repeat(40),
      headSha: head,
      files: [
        {
          filename: 'src/pay.ts',
          status: 'modified',
          patch:
            '@@ -1,2 +1,3 @@\n export function charge(req) {\n+  const amount = req.body.amount;\n   return gateway.charge(amount);',
        },
      ],
    });
    const options = await database.create();
    const workspace = makeWorkspace({
      '.steward.yml': `providers:\n  openai:\n    base_url: ${llm.baseURL}\n  anthropic:\n    base_url: ${llm.baseURL}\nserver:\n  port: 0\n  job_lease_seconds: 1\nreview:\n  lease_seconds: 1\ncalls:\n  max_retries: 0\n`,
    });
    const env: NodeJS.ProcessEnv = {
      ...testKeys,
      GITHUB_APP_ID: String(app.id),
      GITHUB_PRIVATE_KEY: app.privateKeyPem,
      GITHUB_API_URL: github.url,
      GITHUB_WEBHOOK_SECRET: secret,
      STEWARD_DATA_DIR: options.dataDir ?? join(workspace.dir, 'data'),
      ...(options.databaseUrl === undefined ? {} : { DATABASE_URL: options.databaseUrl }),
    };
    const store = await openStore(options);
    let second: ChildProcess | undefined;
    try {
      const first = await serve(workspace.dir, env);
      const inFlight = llm.requests.length;
      const delivery = await signedDelivery(
        secret,
        'pull_request',
        pullRequestPayload('opened', { repo: 'acme/pay', pr, head, installationId: 5 }),
      );
      assert.equal((await deliver(first.url, delivery)).status, 202);
      await waitFor(() => llm.requests.length > inFlight, 'the review to call the model');
      first.child.kill('SIGKILL');
      await new Promise((resolve) => first.child.once('exit', resolve));
      assert.equal(github.reviews('acme/pay', pr).length, 0, 'nothing was posted before the kill');

      const restarted = await serve(workspace.dir, env);
      second = restarted.child;
      await waitFor(
        async () =>
          (await store.db.selectFrom('jobs').select('status').where('status', '=', 'done').execute())
            .length === 1,
        'the job to run again after restart',
      );
      const reviews = github.reviews('acme/pay', pr);
      assert.equal(reviews.length, 1);
      assert.match(reviews[0]!.comments[0]!.body, /Amount taken from the client/);
      const [job] = await store.db.selectFrom('jobs').select(['attempts', 'status']).execute();
      assert.deepEqual(job, { attempts: 2, status: 'done' });
      const runs = await store.db.selectFrom('review_runs').select('status').where('pr', '=', pr).execute();
      assert.deepEqual(runs, [{ status: 'completed' }]);
    } finally {
      second?.kill('SIGTERM');
      if (second !== undefined && second.exitCode === null)
        await new Promise((resolve) => second!.once('exit', resolve));
      await store.close();
      workspace.remove();
    }
  });
});
