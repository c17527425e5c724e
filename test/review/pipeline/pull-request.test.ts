import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { openStore } from '../../../src/store/index.ts';
import { type FakeGitHubServer, startFakeGitHubServer } from '../../support/fake-github-server.ts';
import { type FakeLlmServer, startFakeLlmServer } from '../../support/fake-llm-server.ts';
import { testKeys } from '../../support/meter-fixtures.ts';
import { makeWorkspace, runCli } from '../../support/run-cli.ts';

let llm: FakeLlmServer;
let github: FakeGitHubServer;
before(async () => {
  llm = await startFakeLlmServer();
  github = await startFakeGitHubServer();
  github.addPullRequest({
    repo: 'acme/api',
    number: 42,
    baseSha: 'a'.repeat(40),
    headSha: 'b'.repeat(40),
    files: [
      {
        filename: 'src/users.ts',
        status: 'modified',
        patch:
          '@@ -1,2 +1,3 @@\n export function load(id: string) {\n+  console.log(id);\n   return db.get(id);',
      },
      { filename: 'package-lock.json', status: 'modified', patch: '@@ -1 +1 @@\n-{"a":1}\n+{"a":2}' },
    ],
  });
});
after(async () => {
  await llm.close();
  await github.close();
});

test('`steward review --pr owner/repo#n` reviews a GitHub pull request and charges its PR budget', async () => {
  const workspace = makeWorkspace({
    '.git/HEAD': '',
    '.steward.yml': `providers:\n  openai:\n    base_url: ${llm.baseURL}\nbudgets:\n  per_pr:\n    lifetime_usd: 1\n`,
  });
  try {
    const finding = {
      path: 'src/users.ts',
      start_line: 2,
      end_line: 2,
      severity: 'low',
      category: 'maintainability',
      confidence: 0.6,
      title: 'Leftover debug logging',
      explanation: 'console.log of an id in a data access function looks like leftover debugging.',
      replacement: null,
    };
    llm.enqueue({
      kind: 'ok',
      text: JSON.stringify({ findings: [finding] }),
      usage: { input: 700, output: 90 },
    });
    const env = {
      ...testKeys,
      GITHUB_TOKEN: github.token,
      GITHUB_API_URL: github.url,
      STEWARD_DATA_DIR: join(workspace.dir, 'data'),
    };
    const run = await runCli(
      ['review', '--pr', 'https://github.com/acme/api/pull/42', '--format', 'markdown'],
      {
        cwd: workspace.dir,
        env,
      },
    );
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /Leftover debug logging/);
    assert.match(run.stdout, /https:\/\/github\.com\/acme\/api\/blob\/b{40}\/src\/users\.ts#L2/);
    assert.match(run.stdout, /package-lock\.json/);
    assert.equal(llm.requests.length, 1);
    assert.ok(github.requests.every((request) => request.headers.authorization?.endsWith(github.token)));

    const store = await openStore({ dataDir: env.STEWARD_DATA_DIR });
    try {
      const [row] = await store.db.selectFrom('ledger_entries').select(['scopes', 'repo']).execute();
      assert.deepEqual(JSON.parse(row?.scopes ?? '[]').slice(0, 4), [
        'org',
        'agent:review',
        'repo:acme/api',
        'pr:acme/api#42',
      ]);
      const [review] = await store.db
        .selectFrom('review_runs')
        .select(['repo', 'pr', 'head', 'status'])
        .execute();
      assert.deepEqual(review, { repo: 'acme/api', pr: 42, head: 'b'.repeat(40), status: 'completed' });
    } finally {
      await store.close();
    }
  } finally {
    workspace.remove();
  }
});

test('`--pr` without GITHUB_TOKEN says which variable to set: exit 2', async () => {
  const workspace = makeWorkspace({ '.git/HEAD': '' });
  try {
    const run = await runCli(['review', '--pr', 'acme/api#42'], {
      cwd: workspace.dir,
      env: { STEWARD_DATA_DIR: join(workspace.dir, 'data') },
    });
    assert.equal(run.code, 2, run.stderr);
    assert.match(run.stderr, /GITHUB_TOKEN/);
  } finally {
    workspace.remove();
  }
});
