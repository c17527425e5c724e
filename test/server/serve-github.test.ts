import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { createLogger } from '../../src/logging/index.ts';
import { startServer } from '../../src/server/index.ts';
import { openStore } from '../../src/store/index.ts';
import { forEachDatabase } from '../support/databases.ts';
import { type FakeGitHubServer, startFakeGitHubServer } from '../support/fake-github-server.ts';
import type { RecordedRequest } from '../support/fake-llm-server.ts';
import { type FakeLlmServer, startFakeLlmServer } from '../support/fake-llm-server.ts';
import { testGitHubApp, waitFor } from '../support/github-app-fixture.ts';
import { testKeys } from '../support/meter-fixtures.ts';
import { makeWorkspace } from '../support/run-cli.ts';
import { deliver, examplePayload, pullRequestPayload, signedDelivery } from '../support/webhooks.ts';

const secret = 'serve-test-secret';
const app = testGitHubApp();
let llm: FakeLlmServer;
let github: FakeGitHubServer;

const findingsByMarker: Record<string, object> = {
  markerA: {
    path: 'src/auth.ts',
    start_line: 2,
    end_line: 2,
    severity: 'high',
    category: 'security',
    confidence: 0.92,
    title: 'Token read from the query string',
    explanation: 'Query strings end up in access logs; read the token from the Authorization header.',
    replacement: '  const token = req.headers.authorization; // markerA',
  },
  markerB1: {
    path: 'src/auth.ts',
    start_line: 42,
    end_line: 42,
    severity: 'medium',
    category: 'bug',
    confidence: 0.5,
    title: 'Session deleted by request id',
    explanation: 'The request id is not the session id; this may delete nothing.',
    replacement: null,
  },
  markerB2: {
    path: 'src/auth.ts',
    start_line: 42,
    end_line: 42,
    severity: 'high',
    category: 'bug',
    confidence: 0.88,
    title: 'Session id may be undefined',
    explanation: 'req.session is undefined for anonymous requests: this throws.',
    replacement: null,
  },
};

/** Answers each review request with the findings whose marker its prompt contains. */
function answer(request: RecordedRequest) {
  const text = JSON.stringify(request.body);
  const findings = Object.entries(findingsByMarker)
    .filter(([marker]) => text.includes(`// ${marker}`))
    .map(([, finding]) => finding);
  return { kind: 'ok' as const, text: JSON.stringify({ findings }), usage: { input: 800, output: 120 } };
}

const hunkA =
  '@@ -1,2 +1,3 @@\n export function login(req) {\n+  const token = req.query.token; // markerA\n   return check(token);';
const hunkB = (marker: string, code: string) =>
  `@@ -40,2 +41,3 @@\n export function logout(req) {\n+  ${code} // ${marker}\n   return true;`;

before(async () => {
  llm = await startFakeLlmServer({ respond: answer });
  github = await startFakeGitHubServer({ app: { id: app.id, publicKeyPem: app.publicKeyPem } });
  github.setFile('acme/app', '.github/CODEOWNERS', '# owners\nsrc/ @acme/security\n');
});
after(async () => {
  await llm.close();
  await github.close();
});

function workspaceFor(extraYaml = '') {
  return makeWorkspace({
    '.steward.yml': `providers:\n  openai:\n    base_url: ${llm.baseURL}\n  anthropic:\n    base_url: ${llm.baseURL}\nserver:\n  port: 0\n${extraYaml}`,
  });
}

function serverEnv(databaseUrl: string | undefined, dataDir: string): NodeJS.ProcessEnv {
  return {
    ...testKeys,
    GITHUB_APP_ID: String(app.id),
    GITHUB_PRIVATE_KEY: app.privateKeyPem,
    GITHUB_API_URL: github.url,
    GITHUB_WEBHOOK_SECRET: secret,
    STEWARD_API_TOKEN: 'serve-test-api-token-123',
    STEWARD_DATA_DIR: dataDir,
    ...(databaseUrl === undefined ? {} : { DATABASE_URL: databaseUrl }),
  };
}

forEachDatabase('steward serve with a GitHub App', (database) => {
  test('opened → review posted; synchronize → only the new hunk; redelivery → nothing new; one summary, edited', async () => {
    const pr = database.dialect === 'sqlite' ? 5 : 6;
    const options = await database.create();
    const workspace = workspaceFor();
    const env = serverEnv(options.databaseUrl, options.dataDir ?? join(workspace.dir, 'data'));
    const head1 = `${pr}`.repeat(40);
    const head2 = `${'e'.repeat(39)}${pr}`;
    github.addPullRequest({
      repo: 'acme/app',
      number: pr,
      baseSha: 'a'.repeat(40),
      headSha: head1,
      files: [
        {
          filename: 'src/auth.ts',
          status: 'modified',
          patch: `${hunkA}\n${hunkB('markerB1', 'sessions.delete(req.id);')}`,
        },
      ],
    });
    const server = await startServer({ cwd: workspace.dir, env, logger: silentLogger() });
    const store = await openStore(options);
    const jobsDone = async (count: number) =>
      (await store.db.selectFrom('jobs').select('status').where('status', '=', 'done').execute()).length ===
      count;
    try {
      const llmBefore = llm.requests.length;
      const tokensBefore = github.issuedTokens;
      const opened = await signedDelivery(
        secret,
        'pull_request',
        pullRequestPayload('opened', { repo: 'acme/app', pr, head: head1, installationId: 77 }),
      );
      assert.equal((await deliver(server.url, opened)).status, 202);
      await waitFor(() => jobsDone(1), 'the first review job');

      const reviews = github.reviews('acme/app', pr);
      assert.equal(reviews.length, 1);
      assert.equal(reviews[0]!.comments.length, 1, 'the sure security finding is inline');
      assert.match(reviews[0]!.comments[0]!.body, /Token read from the query string/);
      assert.match(
        reviews[0]!.comments[0]!.body,
        /```suggestion\n {2}const token = req\.headers\.authorization;/,
      );
      assert.equal(reviews[0]!.comments[0]!.line, 2);
      const summaries = () =>
        github.issueComments('acme/app', pr).filter((comment) => comment.body.includes('steward:summary'));
      assert.equal(summaries().length, 1);
      const firstSummary = summaries()[0]!.body;
      assert.equal(github.checkRuns('acme/app').filter((run) => run.head_sha === head1).length, 1);
      const queued = await store.db
        .selectFrom('review_queue')
        .select(['title', 'reviewers', 'status'])
        .where('pr', '=', pr)
        .execute();
      assert.deepEqual(queued, [
        { title: 'Session deleted by request id', reviewers: '["@acme/security"]', status: 'pending' },
      ]);

      // A push that rewrites hunk B only: hunk A is not sent again.
      github.addPullRequest({
        repo: 'acme/app',
        number: pr,
        baseSha: 'a'.repeat(40),
        headSha: head2,
        files: [
          {
            filename: 'src/auth.ts',
            status: 'modified',
            patch: `${hunkA}\n${hunkB('markerB2', 'sessions.delete(req.session.id);')}`,
          },
        ],
      });
      const pushed = await signedDelivery(
        secret,
        'pull_request',
        pullRequestPayload('synchronize', { repo: 'acme/app', pr, head: head2, installationId: 77 }),
      );
      assert.equal((await deliver(server.url, pushed)).status, 202);
      await waitFor(() => jobsDone(2), 'the second review job');
      const sent = llm.requests.slice(llmBefore).map((request) => JSON.stringify(request.body));
      assert.equal(sent.length, 2, 'one model call per push');
      assert.ok(sent[0]!.includes('markerA') && sent[0]!.includes('markerB1'));
      assert.ok(
        sent[1]!.includes('markerB2') && !sent[1]!.includes('markerA'),
        'the second push sends only the new hunk',
      );
      assert.equal(github.reviews('acme/app', pr).length, 2);
      assert.match(
        github
          .reviews('acme/app', pr)[1]!
          .comments.map((comment) => comment.body)
          .join('\n'),
        /Session id may be undefined/,
      );
      assert.doesNotMatch(
        github
          .reviews('acme/app', pr)[1]!
          .comments.map((comment) => comment.body)
          .join('\n'),
        /Token read from the query string/,
      );
      assert.equal(summaries().length, 1, 'the summary is edited in place, not posted again');
      assert.notEqual(summaries()[0]!.body, firstSummary);

      // The same delivery again: answered, nothing stored, nothing posted.
      const requestsBefore = github.requests.length;
      const again = await deliver(server.url, pushed);
      assert.deepEqual([again.status, again.body.status], [200, 'duplicate']);
      assert.equal((await store.db.selectFrom('jobs').selectAll().execute()).length, 2);
      assert.equal(github.requests.length, requestsBefore);
      assert.equal(llm.requests.length - llmBefore, 2);
      assert.equal(github.issuedTokens - tokensBefore, 1, 'the installation token is cached across jobs');

      // Feedback: a reaction (polled when the pull request closes), a resolved thread and a reply (webhooks).
      const comment = github.reviews('acme/app', pr)[0]!.comments[0]!;
      github.addReaction(comment.id, '-1', 'dana');
      github.addReaction(comment.id, 'heart', 'dana');
      const thread = examplePayload('pull_request_review_thread', 'resolved');
      thread.thread.comments[0].id = comment.id;
      thread.repository.full_name = 'acme/app';
      thread.pull_request.number = pr;
      const resolved = await deliver(
        server.url,
        await signedDelivery(secret, 'pull_request_review_thread', thread),
      );
      assert.deepEqual([resolved.status, resolved.body.status], [200, 'recorded']);
      const reply = examplePayload('pull_request_review_comment', 'created');
      reply.comment.in_reply_to_id = comment.id;
      reply.comment.user.type = 'User';
      reply.repository.full_name = 'acme/app';
      reply.pull_request.number = pr;
      assert.equal(
        (await deliver(server.url, await signedDelivery(secret, 'pull_request_review_comment', reply))).body
          .status,
        'recorded',
      );
      const closed = await signedDelivery(
        secret,
        'pull_request',
        pullRequestPayload('closed', { repo: 'acme/app', pr, head: head2, installationId: 77 }),
      );
      assert.equal((await deliver(server.url, closed)).status, 202);
      await waitFor(() => jobsDone(3), 'the feedback job');
      const feedback = await store.db
        .selectFrom('finding_feedback')
        .select(['kind', 'actor', 'category'])
        .where('pr', '=', pr)
        .orderBy('kind')
        .execute();
      assert.deepEqual(feedback, [
        { kind: 'reply', actor: reply.comment.user.login, category: 'security' },
        { kind: 'resolved', actor: thread.sender.login, category: 'security' },
        { kind: 'thumbs_down', actor: 'dana', category: 'security' },
      ]);
    } finally {
      await server.close();
      await store.close();
      workspace.remove();
    }
  });

  test('a delivery acknowledged by a server that stopped before working on it runs after restart, once', async () => {
    const pr = database.dialect === 'sqlite' ? 15 : 16;
    const options = await database.create();
    const workspace = workspaceFor();
    const env = serverEnv(options.databaseUrl, options.dataDir ?? join(workspace.dir, 'data'));
    const head = `${pr % 10}`.repeat(40);
    github.addPullRequest({
      repo: 'acme/app',
      number: pr,
      baseSha: 'a'.repeat(40),
      headSha: head,
      files: [{ filename: 'src/auth.ts', status: 'modified', patch: hunkA }],
    });
    const store = await openStore(options);
    try {
      // Acknowledge with the app alone: its answer is all that happened before the process went away.
      const { startApp } = await import('../support/app-server.ts');
      const receiver = await startApp(store, { secret });
      const delivery = await signedDelivery(
        secret,
        'pull_request',
        pullRequestPayload('opened', { repo: 'acme/app', pr, head, installationId: 77 }),
      );
      assert.equal((await deliver(receiver.url, delivery)).status, 202);
      await receiver.close();
      assert.equal(github.reviews('acme/app', pr).length, 0);

      const server = await startServer({ cwd: workspace.dir, env, logger: silentLogger() });
      try {
        await waitFor(
          async () =>
            (await store.db.selectFrom('jobs').select('status').where('status', '=', 'done').execute())
              .length === 1,
          'the job after restart',
        );
        assert.equal((await deliver(server.url, delivery)).body.status, 'duplicate');
      } finally {
        await server.close();
      }
      assert.equal(github.reviews('acme/app', pr).length, 1);
      const [job] = await store.db.selectFrom('jobs').select(['attempts', 'status']).execute();
      assert.deepEqual(job, { attempts: 1, status: 'done' });
    } finally {
      await store.close();
      workspace.remove();
    }
  });
});

function silentLogger() {
  return createLogger({ format: 'json', level: 'silent' });
}
