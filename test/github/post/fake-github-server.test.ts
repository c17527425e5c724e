import assert from 'node:assert/strict';
import { generateKeyPairSync, type KeyObject, sign } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { createAppAuth } from '@octokit/auth-app';
import { Octokit } from '@octokit/rest';
import { type FakeGitHubServer, startFakeGitHubServer } from '../../support/fake-github-server.ts';
import {
  addedFile,
  addPullRequest,
  headSha,
  modifiedFile,
  octokitFor,
  removedFile,
  repo,
} from './post-fixtures.ts';

const owner = 'acme';
const name = 'shop';

/** The status and body of a failed Octokit request. */
async function failure(promise: Promise<unknown>): Promise<{ status: number; data: unknown }> {
  try {
    await promise;
  } catch (error) {
    const { status, response } = error as { status: number; response?: { data?: unknown } };
    return { status, data: response?.data };
  }
  throw new Error('the request succeeded');
}

describe('fake GitHub server: reviews and comments, validated like GitHub', () => {
  let server: FakeGitHubServer;
  let octokit: Octokit;

  before(async () => {
    server = await startFakeGitHubServer();
    octokit = octokitFor(server);
    addPullRequest(server, 1, [
      addedFile('src/app.ts', 20),
      modifiedFile('src/cart.ts'),
      removedFile('src/gone.ts'),
    ]);
  });
  after(async () => {
    await server.close();
  });

  const review = (
    comments: { path: string; line: number; side?: 'LEFT' | 'RIGHT'; start_line?: number; body: string }[],
    overrides: { commit_id?: string; body?: string } = {},
  ) =>
    octokit.rest.pulls.createReview({
      owner,
      repo: name,
      pull_number: 1,
      commit_id: headSha,
      event: 'COMMENT',
      body: 'Review',
      comments,
      ...overrides,
    });

  it('refuses a whole review when one comment is off the diff, as GitHub does', async () => {
    for (const comments of [
      [{ path: 'src/app.ts', line: 21, body: 'past the end' }],
      [{ path: 'src/cart.ts', line: 20, body: 'between hunks' }],
      [{ path: 'src/cart.ts', line: 42, start_line: 14, body: 'range across hunks' }],
      [{ path: 'src/cart.ts', line: 16, side: 'LEFT' as const, body: 'no base line 16 in any hunk' }],
      [{ path: 'src/nowhere.ts', line: 1, body: 'no such file' }],
    ]) {
      const { status, data } = await failure(
        review([{ path: 'src/app.ts', line: 1, body: 'fine' }, ...comments]),
      );
      assert.equal(status, 422);
      assert.equal((data as { message: string }).message, 'Unprocessable Entity');
      assert.ok(Array.isArray((data as { errors: unknown[] }).errors));
    }
    const { data } = await failure(review([{ path: 'src/app.ts', line: 21, body: 'x' }]));
    assert.deepEqual((data as { errors: string[] }).errors, ['Line could not be resolved']);
    assert.equal((await failure(review([], { commit_id: 'f'.repeat(40) }))).status, 422);
    assert.equal(
      (await failure(review([{ path: 'src/app.ts', line: 1, body: 'x'.repeat(65_537) }]))).status,
      422,
    );
    assert.equal(server.reviews(repo, 1).length, 0, 'nothing stored');
    assert.equal(server.reviewComments(repo, 1).length, 0);
  });

  it('stores a valid review with context, added and removed-side comments, ids, links and diff hunks', async () => {
    const { data } = await review([
      { path: 'src/cart.ts', line: 16, start_line: 10, body: 'range over context and added lines' },
      { path: 'src/cart.ts', line: 13, side: 'LEFT', body: 'the removed line' },
      { path: 'src/app.ts', line: 1, body: 'x'.repeat(65_536) },
    ]);
    assert.equal(data.state, 'COMMENTED');
    const comments = server.reviewComments(repo, 1);
    assert.equal(comments.length, 3);
    const [range, left] = comments;
    assert.ok(Number(range?.id) > 2 ** 31, 'ids beyond 32 bits, like GitHub');
    assert.equal(range?.start_line, 10);
    assert.equal(range?.line, 16);
    assert.equal(range?.pull_request_review_id, data.id);
    assert.equal(range?.in_reply_to_id, undefined);
    assert.match(range?.html_url ?? '', /^https:\/\/github\.com\/acme\/shop\/pull\/1#discussion_r\d+$/);
    assert.ok(range?.diff_hunk.startsWith('@@ -10,6 +10,7 @@') && range.diff_hunk.endsWith(' e'));
    assert.equal(left?.side, 'LEFT');

    const listed = await octokit.rest.pulls.listCommentsForReview({
      owner,
      repo: name,
      pull_number: 1,
      review_id: Number(data.id),
    });
    assert.equal(listed.data.length, 3);
    const page = await octokit.rest.pulls.listReviewComments({
      owner,
      repo: name,
      pull_number: 1,
      per_page: 2,
    });
    assert.equal(page.data.length, 2);
    assert.match(page.headers.link ?? '', /rel="next"/);
    assert.equal(
      (
        await octokit.paginate(octokit.rest.pulls.listReviewComments, {
          owner,
          repo: name,
          pull_number: 1,
          per_page: 2,
        })
      ).length,
      3,
    );
  });

  it('single comments and replies', async () => {
    const { status, data } = await failure(
      octokit.rest.pulls.createReviewComment({
        owner,
        repo: name,
        pull_number: 1,
        commit_id: headSha,
        path: 'src/app.ts',
        line: 99,
        side: 'RIGHT',
        body: 'x',
      }),
    );
    assert.equal(status, 422);
    assert.deepEqual((data as { errors: unknown[] }).errors, [
      {
        resource: 'PullRequestReviewComment',
        code: 'custom',
        field: 'pull_request_review_thread.line',
        message: 'Line could not be resolved',
      },
    ]);
    const created = await octokit.rest.pulls.createReviewComment({
      owner,
      repo: name,
      pull_number: 1,
      commit_id: headSha,
      path: 'src/app.ts',
      line: 5,
      side: 'RIGHT',
      body: 'single',
    });
    assert.equal(created.status, 201);
    assert.ok(created.data.pull_request_review_id !== null, 'a single comment gets its own review');
    const reply = await octokit.rest.pulls.createReplyForReviewComment({
      owner,
      repo: name,
      pull_number: 1,
      comment_id: Number(created.data.id),
      body: 'a reply',
    });
    assert.equal(reply.data.in_reply_to_id, Number(created.data.id));
    assert.equal(reply.data.line, 5);
    const replyToReply = await octokit.rest.pulls.createReplyForReviewComment({
      owner,
      repo: name,
      pull_number: 1,
      comment_id: Number(reply.data.id),
      body: 'flat',
    });
    assert.equal(replyToReply.data.in_reply_to_id, Number(created.data.id), 'threads are flat');
    assert.equal(
      (
        await failure(
          octokit.rest.pulls.createReplyForReviewComment({
            owner,
            repo: name,
            pull_number: 1,
            comment_id: 7,
            body: 'x',
          }),
        )
      ).status,
      404,
    );
  });

  it('issue comments: create, list, get, edit, delete; 404 for unknown ids; 65,536 characters at most', async () => {
    const created = await octokit.rest.issues.createComment({
      owner,
      repo: name,
      issue_number: 1,
      body: 'hello',
    });
    assert.equal(created.status, 201);
    const id = Number(created.data.id);
    assert.equal(
      (await octokit.rest.issues.getComment({ owner, repo: name, comment_id: id })).data.body,
      'hello',
    );
    assert.equal(
      (await octokit.rest.issues.updateComment({ owner, repo: name, comment_id: id, body: 'edited' })).data
        .body,
      'edited',
    );
    const tooLong = await failure(
      octokit.rest.issues.updateComment({ owner, repo: name, comment_id: id, body: 'x'.repeat(65_537) }),
    );
    assert.equal(tooLong.status, 422);
    assert.deepEqual((tooLong.data as { errors: unknown[] }).errors, [
      {
        resource: 'IssueComment',
        code: 'unprocessable',
        field: 'data',
        message: 'Body is too long (maximum is 65536 characters)',
      },
    ]);
    assert.equal(
      (await failure(octokit.rest.issues.updateComment({ owner, repo: name, comment_id: 12, body: 'x' })))
        .status,
      404,
    );
    assert.equal(
      (await failure(octokit.rest.issues.getComment({ owner, repo: name, comment_id: 12 }))).status,
      404,
    );
    assert.equal(
      (await octokit.rest.issues.listComments({ owner, repo: name, issue_number: 1 })).data.length,
      1,
    );
    await octokit.rest.issues.deleteComment({ owner, repo: name, comment_id: id });
    assert.equal(server.issueComments(repo, 1).length, 0);
    assert.equal(
      (await failure(octokit.rest.issues.getComment({ owner, repo: name, comment_id: id }))).status,
      404,
    );
  });

  it('check runs: created and updated; output limited to 65,535 bytes, not characters', async () => {
    const created = await octokit.rest.checks.create({
      owner,
      repo: name,
      name: 'Steward',
      head_sha: headSha,
      status: 'in_progress',
    });
    assert.equal(created.status, 201);
    assert.equal(created.data.pull_requests[0]?.number, 1);
    const updated = await octokit.rest.checks.update({
      owner,
      repo: name,
      check_run_id: Number(created.data.id),
      conclusion: 'neutral',
      output: { title: 'Done', summary: 'x'.repeat(65_535) },
    });
    assert.equal(updated.data.status, 'completed');
    assert.equal(updated.data.conclusion, 'neutral');
    const euros = await failure(
      octokit.rest.checks.create({
        owner,
        repo: name,
        name: 'Steward',
        head_sha: headSha,
        conclusion: 'success',
        output: { title: 't', summary: '€'.repeat(21_846) },
      }),
    );
    assert.equal(euros.status, 422, '21,846 characters, 65,538 bytes');
    assert.equal(
      (
        await failure(
          octokit.rest.checks.create({ owner, repo: name, name: 'Steward', head_sha: 'e'.repeat(40) }),
        )
      ).status,
      422,
    );
    assert.equal(
      (
        await failure(
          octokit.rest.checks.create({
            owner,
            repo: name,
            name: 'Steward',
            head_sha: headSha,
            status: 'completed',
          }),
        )
      ).status,
      422,
    );
    assert.equal(server.checkRuns(repo).length, 1);
  });

  it('reactions on review comments, and file contents', async () => {
    const [comment] = server.reviewComments(repo, 1);
    const id = Number(comment?.id);
    server.addReaction(id, '+1', 'alice');
    server.addReaction(id, '-1', 'renovate[bot]');
    const reactions = await octokit.paginate(octokit.rest.reactions.listForPullRequestReviewComment, {
      owner,
      repo: name,
      comment_id: id,
      per_page: 1,
    });
    assert.deepEqual(
      reactions.map((reaction) => [reaction.content, reaction.user?.login, reaction.user?.type]),
      [
        ['+1', 'alice', 'User'],
        ['-1', 'renovate[bot]', 'Bot'],
      ],
    );
    assert.equal(server.reviewComments(repo, 1)[0]?.reactions?.['+1'], 1);
    assert.throws(() => server.addReaction(5, '+1', 'alice'), /no review comment 5/);

    server.setFile(repo, '.github/CODEOWNERS', '* @acme/reviewers\nsrc/ @alice\n');
    const { data } = await octokit.rest.repos.getContent({
      owner,
      repo: name,
      path: '.github/CODEOWNERS',
      ref: headSha,
    });
    assert.ok(!Array.isArray(data) && data.type === 'file');
    assert.equal(Buffer.from(data.content, 'base64').toString('utf8'), '* @acme/reviewers\nsrc/ @alice\n');
    assert.equal(
      (await failure(octokit.rest.repos.getContent({ owner, repo: name, path: 'CODEOWNERS' }))).status,
      404,
    );
  });

  it('keeps the respond hook in front of every route', async () => {
    const failing = await startFakeGitHubServer({
      respond: (request) =>
        request.method === 'POST' && request.path.endsWith('/reviews')
          ? { status: 502, body: { message: 'Server Error' } }
          : undefined,
    });
    try {
      addPullRequest(failing, 1);
      const client = octokitFor(failing);
      assert.equal(
        (
          await failure(
            client.rest.pulls.createReview({
              owner,
              repo: name,
              pull_number: 1,
              commit_id: headSha,
              event: 'COMMENT',
              body: 'x',
            }),
          )
        ).status,
        502,
      );
      assert.deepEqual(failing.requests.at(-1)?.body, { commit_id: headSha, event: 'COMMENT', body: 'x' });
      assert.equal(
        (await client.rest.issues.createComment({ owner, repo: name, issue_number: 1, body: 'still fine' }))
          .status,
        201,
      );
    } finally {
      await failing.close();
    }
  });
});

describe('fake GitHub server: App installation tokens', () => {
  const appId = 4242;
  const keys = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const privateKeyPem = keys.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  let clock = Date.now();
  let server: FakeGitHubServer;

  before(async () => {
    server = await startFakeGitHubServer({
      app: {
        id: appId,
        publicKeyPem: keys.publicKey.export({ type: 'spki', format: 'pem' }).toString(),
        installationIds: [7],
      },
      now: () => clock,
    });
    addPullRequest(server, 1);
  });
  after(async () => {
    await server.close();
  });

  function jwt(key: KeyObject, claims: Record<string, unknown>): string {
    const part = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
    const data = `${part({ alg: 'RS256', typ: 'JWT' })}.${part(claims)}`;
    return `${data}.${sign('RSA-SHA256', Buffer.from(data), key).toString('base64url')}`;
  }

  async function buyToken(token: string, installation = 7): Promise<Response> {
    return fetch(`${server.url}/app/installations/${installation}/access_tokens`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, accept: 'application/vnd.github+json' },
    });
  }

  it('an Octokit with @octokit/auth-app buys an installation token and posts as the App bot', async () => {
    const octokit = new Octokit({
      baseUrl: server.url,
      authStrategy: createAppAuth,
      auth: { appId, privateKey: privateKeyPem, installationId: 7 },
    });
    const review = await octokit.rest.pulls.createReview({
      owner,
      repo: name,
      pull_number: 1,
      commit_id: headSha,
      event: 'COMMENT',
      body: 'as the App',
    });
    assert.equal(review.data.user?.login, 'steward[bot]');
    assert.equal(review.data.user?.type, 'Bot');
    const comment = await octokit.rest.issues.createComment({
      owner,
      repo: name,
      issue_number: 1,
      body: 'hi',
    });
    assert.equal(comment.data.performed_via_github_app?.id, appId);
    assert.equal(server.issuedTokens, 1, 'the token is cached by auth-app');
    const app = new Octokit({
      baseUrl: server.url,
      authStrategy: createAppAuth,
      auth: { appId, privateKey: privateKeyPem },
    });
    assert.equal((await app.rest.apps.getAuthenticated()).data?.slug, 'steward');
  });

  it('checks the JWT: signature, issuer, expiry, lifetime; tokens expire after an hour', async () => {
    const seconds = Math.floor(clock / 1000);
    const good = { iat: seconds - 30, exp: seconds + 540, iss: appId };
    const other = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
    assert.equal((await buyToken(jwt(other, good))).status, 401, 'signed with another key');
    assert.equal((await buyToken(jwt(keys.privateKey, { ...good, iss: 1 }))).status, 401, 'another App');
    assert.equal(
      (await buyToken(jwt(keys.privateKey, { ...good, exp: seconds - 1 }))).status,
      401,
      'expired',
    );
    assert.equal(
      (await buyToken(jwt(keys.privateKey, { ...good, exp: seconds + 3_600 }))).status,
      401,
      'longer than ten minutes',
    );
    assert.equal((await buyToken('not-a-jwt')).status, 401);
    assert.equal((await buyToken(jwt(keys.privateKey, good), 8)).status, 404, 'no such installation');

    const before = server.issuedTokens;
    const answer = await buyToken(jwt(keys.privateKey, good));
    assert.equal(answer.status, 201);
    const { token, expires_at: expiresAt } = (await answer.json()) as { token: string; expires_at: string };
    assert.equal(Date.parse(expiresAt), Math.floor((clock + 3_600_000) / 1000) * 1000);
    assert.equal(server.issuedTokens, before + 1);
    const octokit = new Octokit({ baseUrl: server.url, auth: token });
    assert.equal((await octokit.rest.pulls.get({ owner, repo: name, pull_number: 1 })).status, 200);
    assert.equal(
      (
        await failure(
          new Octokit({ baseUrl: server.url, auth: jwt(keys.privateKey, good) }).rest.pulls.get({
            owner,
            repo: name,
            pull_number: 1,
          }),
        )
      ).status,
      401,
      'a JWT is no token',
    );
    clock += 3_600_001;
    assert.equal(
      (await failure(octokit.rest.pulls.get({ owner, repo: name, pull_number: 1 }))).status,
      401,
      'expired after an hour',
    );
    assert.equal(
      (await octokitFor(server).rest.pulls.get({ owner, repo: name, pull_number: 1 })).status,
      200,
      'the configured token still works',
    );
  });
});
