import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { StewardError, UsageError } from '../../../src/errors/index.ts';
import {
  DiffParseError,
  octokitFromEnv,
  type ReadPullRequestOptions,
  readPullRequest,
} from '../../../src/review/source/index.ts';
import {
  type FakeGitHubServer,
  type FakePullRequestFile,
  startFakeGitHubServer,
} from '../../support/fake-github-server.ts';
import { createGitRepo, type GitRepo, runTestGit } from '../../support/git-repo.ts';

const baseSha = 'a'.repeat(40);
const headSha = 'b'.repeat(40);

const smallPullRequestFiles: FakePullRequestFile[] = [
  {
    filename: 'src/app.ts',
    status: 'modified',
    patch: '@@ -1,3 +1,3 @@ export function main() {\n import x from "x";\n-old();\n+next();\n x();',
  },
  {
    filename: 'src/new.ts',
    status: 'added',
    patch: '@@ -0,0 +1,2 @@\n+export const a = 1;\n+export const b = 2;',
  },
  {
    filename: 'src/gone.ts',
    status: 'removed',
    patch: '@@ -1 +0,0 @@\n-gone();\n\\ No newline at end of file',
  },
  { filename: 'lib/moved.ts', previous_filename: 'src/moved.ts', status: 'renamed' },
  {
    filename: 'lib/edited.ts',
    previous_filename: 'src/edited.ts',
    status: 'renamed',
    patch: '@@ -4 +4 @@\n-a\n+b',
  },
  { filename: 'assets/logo.png', status: 'modified' },
  { filename: 'data/huge.json', status: 'modified', additions: 40_000, deletions: 12 },
  { filename: 'scripts/build.sh', status: 'changed' },
];

describe('readPullRequest through Octokit against a fake GitHub', () => {
  let server: FakeGitHubServer;

  before(async () => {
    server = await startFakeGitHubServer();
    server.addPullRequest({
      repo: 'octo-org/app',
      number: 7,
      baseSha,
      headSha,
      files: smallPullRequestFiles,
    });
  });
  after(() => server.close());

  it('reads a small pull request: files, hunks, statuses and what GitHub would not show', async () => {
    const change = await readPullRequest({
      repo: 'octo-org/app',
      pr: 7,
      octokit: { token: server.token, baseUrl: server.url },
    });
    assert.deepEqual(change.source, {
      kind: 'github',
      repo: 'octo-org/app',
      pr: 7,
      baseSha,
      headSha,
      url: 'https://github.com/octo-org/app/pull/7',
    });
    assert.deepEqual(
      change.files.map((file) => [
        file.path,
        file.status,
        file.binary,
        file.hunks.length,
        file.additions,
        file.deletions,
      ]),
      [
        ['src/app.ts', 'modified', false, 1, 1, 1],
        ['src/new.ts', 'added', false, 1, 2, 0],
        ['src/gone.ts', 'deleted', false, 1, 0, 1],
        ['lib/moved.ts', 'renamed', false, 0, 0, 0],
        ['lib/edited.ts', 'renamed', false, 1, 1, 1],
        ['assets/logo.png', 'modified', true, 0, 0, 0],
        ['data/huge.json', 'modified', false, 0, 40_000, 12],
        ['scripts/build.sh', 'modified', false, 0, 0, 0],
      ],
    );
    assert.deepEqual(change.files[0]?.hunks[0], {
      oldStart: 1,
      oldLines: 3,
      newStart: 1,
      newLines: 3,
      section: 'export function main() {',
      lines: [' import x from "x";', '-old();', '+next();', ' x();'],
    });
    assert.equal(change.files[2]?.hunks[0]?.oldNoNewlineAtEnd, true);
    assert.equal(change.files[3]?.oldPath, 'src/moved.ts');
    assert.deepEqual(change.unseen, [
      {
        path: 'data/huge.json',
        reason:
          'GitHub sent no patch for this file: its diff is too large to show (40000 added, 12 removed lines)',
      },
    ]);
  });

  it('sends authenticated GETs, asking for 100 files a page', async () => {
    server.requests.length = 0;
    await readPullRequest({ repo: 'octo-org/app', pr: 7, octokit: octokitFromEnv(environment(server)) });
    assert.deepEqual(
      server.requests.map((request) => [request.method, request.path, request.query]),
      [
        ['GET', '/repos/octo-org/app/pulls/7', {}],
        ['GET', '/repos/octo-org/app/pulls/7/files', { per_page: '100' }],
      ],
    );
    for (const request of server.requests) {
      assert.equal(request.headers.authorization, `token ${server.token}`);
      assert.match(request.headers['user-agent'] ?? '', /^steward /);
      assert.equal(request.headers.accept, 'application/vnd.github.v3+json');
    }
  });

  it('follows Link pagination', async () => {
    const files = Array.from({ length: 250 }, (_, index) => addedFile(index));
    server.addPullRequest({ repo: 'octo-org/app', number: 8, baseSha, headSha, files });
    server.requests.length = 0;
    const change = await readPullRequest({
      repo: 'octo-org/app',
      pr: 8,
      octokit: octokitFromEnv(environment(server)),
    });
    assert.equal(change.files.length, 250);
    assert.deepEqual(change.unseen, []);
    assert.deepEqual(
      server.requests.map((request) => request.query.page),
      [undefined, undefined, '2', '3'],
    );
  });

  it('turns GitHub errors into errors that say what to do', async () => {
    const octokit = octokitFromEnv(environment(server));
    await assert.rejects(readPullRequest({ repo: 'octo-org/app', pr: 404, octokit }), (error: unknown) => {
      assert.ok(error instanceof UsageError);
      assert.equal(error.message, 'pull request octo-org/app#404 was not found on GitHub');
      assert.match(error.hint ?? '', /token cannot read it/);
      return true;
    });
    await assert.rejects(
      readPullRequest({ repo: 'octo-org/app', pr: 7, octokit: { token: 'wrong', baseUrl: server.url } }),
      (error: unknown) => error instanceof UsageError && /GitHub rejected the token/.test(error.message),
    );
    await assert.rejects(
      readPullRequest({ repo: 'not a repo', pr: 7, octokit }),
      (error: unknown) => error instanceof UsageError && /not a GitHub repository name/.test(error.message),
    );
    await assert.rejects(
      readPullRequest({ repo: 'octo-org/app', pr: 0, octokit }),
      /0 is not a pull request number/,
    );
  });

  it('reports a server error and a malformed patch without losing the cause', async () => {
    const failing = await startFakeGitHubServer({
      respond: (request) =>
        request.path.endsWith('/files') ? { status: 502, body: { message: 'Server Error' } } : undefined,
    });
    failing.addPullRequest({
      repo: 'octo-org/app',
      number: 1,
      baseSha,
      headSha,
      files: smallPullRequestFiles,
    });
    failing.addPullRequest({
      repo: 'octo-org/app',
      number: 2,
      baseSha,
      headSha,
      files: [{ filename: 'src/cut.ts', status: 'modified', patch: '@@ -1,3 +1,3 @@\n a\n-b' }],
    });
    try {
      const octokit = octokitFromEnv(environment(failing));
      await assert.rejects(readPullRequest({ repo: 'octo-org/app', pr: 1, octokit }), (error: unknown) => {
        assert.ok(error instanceof StewardError && !(error instanceof UsageError));
        assert.match(
          error.message,
          /could not list the files of pull request octo-org\/app#1 on GitHub: 502/,
        );
        assert.ok(error.cause !== undefined);
        return true;
      });
      const healthy = await startFakeGitHubServer();
      healthy.addPullRequest({
        repo: 'octo-org/app',
        number: 2,
        baseSha,
        headSha,
        files: [{ filename: 'src/cut.ts', status: 'modified', patch: '@@ -1,3 +1,3 @@\n a\n-b' }],
      });
      await assert.rejects(
        readPullRequest({ repo: 'octo-org/app', pr: 2, octokit: octokitFromEnv(environment(healthy)) }),
        (error: unknown) =>
          error instanceof DiffParseError &&
          /^malformed GitHub patch of src\/cut\.ts at line 3: /.test(error.message),
      );
      await healthy.close();
    } finally {
      await failing.close();
    }
  });
});

describe('readPullRequest beyond the 3,000-file listing', () => {
  const fileCount = 3_050;
  let server: FakeGitHubServer;
  let upstream: GitRepo;
  let unrelated: GitRepo;
  let folder: string;
  let staleClone: string;
  let pullBase: string;
  let pullHead: string;

  before(async () => {
    upstream = createGitRepo();
    upstream.write('README.md', '# app\n');
    pullBase = upstream.commit('base');
    folder = mkdtempSync(join(tmpdir(), 'steward-pr-clone-'));
    staleClone = join(folder, 'clone');
    runTestGit(folder, ['clone', '--quiet', upstream.root, staleClone]);
    for (let index = 0; index < fileCount; index++) upstream.write(fileName(index), `content ${index}\n`);
    pullHead = upstream.commit('a very large change');
    upstream.git('config', 'uploadpack.allowAnySHA1InWant', 'true');
    unrelated = createGitRepo();
    unrelated.commit('unrelated');

    server = await startFakeGitHubServer();
    server.addPullRequest({
      repo: 'octo-org/app',
      number: 99,
      baseSha: pullBase,
      headSha: pullHead,
      files: Array.from({ length: fileCount }, (_, index) => addedFile(index)),
    });
  });
  after(async () => {
    await server.close();
    upstream.cleanup();
    unrelated.cleanup();
    rmSync(folder, { recursive: true, force: true });
  });

  const options = (localCheckout?: string): ReadPullRequestOptions => ({
    repo: 'octo-org/app',
    pr: 99,
    octokit: octokitFromEnv(environment(server)),
    ...(localCheckout === undefined ? {} : { localCheckout }),
  });

  it('returns the 3,000 listed files and says exactly how many could not be seen, and why', async () => {
    server.requests.length = 0;
    const change = await readPullRequest(options());
    assert.equal(change.files.length, 3_000);
    assert.equal(server.requests.length, 31);
    assert.deepEqual(change.unseen, [
      {
        reason:
          '50 of 3050 changed files could not be seen: GitHub lists at most 3000 files of a pull request; ' +
          'give a local checkout of the repository to diff them with git',
      },
    ]);
  });

  it('diffs all 3,050 files in a local checkout holding both commits', async () => {
    const change = await readPullRequest(options(upstream.root));
    assert.equal(change.files.length, fileCount);
    assert.deepEqual(change.unseen, []);
    assert.equal(change.source.kind, 'github');
    assert.deepEqual(change.files.at(-1)?.hunks[0]?.lines, [`+content ${fileCount - 1}`]);
  });

  it('fetches a missing commit from origin first', async () => {
    assert.throws(() => runTestGit(staleClone, ['cat-file', '-e', `${pullHead}^{commit}`]));
    const change = await readPullRequest(options(staleClone));
    assert.equal(change.files.length, fileCount);
    assert.deepEqual(change.unseen, []);
  });

  it('also diffs locally when GitHub left out a patch too large to show', async () => {
    const listed = [
      { filename: fileName(0), status: 'added', additions: 1, deletions: 0 },
      ...Array.from({ length: 3 }, (_, index) => addedFile(index + 1)),
    ] satisfies FakePullRequestFile[];
    server.addPullRequest({
      repo: 'octo-org/app',
      number: 100,
      baseSha: pullBase,
      headSha: pullHead,
      files: listed,
    });
    const pr100 = { ...options(), pr: 100 };
    const withoutCheckout = await readPullRequest(pr100);
    assert.equal(withoutCheckout.unseen[0]?.path, fileName(0));
    const withCheckout = await readPullRequest({ ...pr100, localCheckout: upstream.root });
    assert.deepEqual(withCheckout.unseen, []);
    assert.deepEqual(withCheckout.files[0]?.hunks[0]?.lines, ['+content 0']);
  });

  it('falls back to the listing, saying why, when the checkout cannot supply the commits', async () => {
    const change = await readPullRequest(options(unrelated.root));
    assert.equal(change.files.length, 3_000);
    assert.equal(change.unseen.length, 1);
    assert.match(
      change.unseen[0]!.reason,
      new RegExp(`^50 of 3050 changed files could not be seen: .*does not hold commit ${pullBase}`),
    );
  });
});

function environment(server: FakeGitHubServer): NodeJS.ProcessEnv {
  return { GITHUB_TOKEN: server.token, GITHUB_API_URL: server.url };
}

function fileName(index: number): string {
  return `files/${String(index).padStart(4, '0')}.txt`;
}

function addedFile(index: number): FakePullRequestFile {
  return { filename: fileName(index), status: 'added', patch: `@@ -0,0 +1 @@\n+content ${index}` };
}
