import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, beforeEach, test } from 'node:test';
import { openStore } from '../../../src/store/index.ts';
import { type FakeGitHubServer, startFakeGitHubServer } from '../../support/fake-github-server.ts';
import { type FakeLlmServer, startFakeLlmServer } from '../../support/fake-llm-server.ts';
import { createGitRepo } from '../../support/git-repo.ts';
import { testKeys } from '../../support/meter-fixtures.ts';
import { makeWorkspace, runCli } from '../../support/run-cli.ts';

let llm: FakeLlmServer;
before(async () => {
  llm = await startFakeLlmServer({
    defaultReply: { kind: 'ok', text: '{"findings":[]}', usage: { input: 800, output: 20 } },
  });
});
after(() => llm.close());
beforeEach(() => llm.reset());

const config = () =>
  `providers:\n  openai:\n    base_url: ${llm.baseURL}\n  anthropic:\n    base_url: ${llm.baseURL}\nreview:\n  tiers:\n    simple: fast\n    standard: fast\n    complex: fast\n`;
const lines = (prefix: string, count: number) =>
  Array.from({ length: count }, (_, index) => `export const ${prefix}${index} = ${index};`).join('\n');
const userText = (request: { body: unknown }) =>
  (request.body as { messages: { role: string; content: string }[] }).messages.at(-1)!.content;

test('a rebase that keeps the change identical costs no model call; a new commit reviews only its hunk', async () => {
  const repo = createGitRepo();
  const env = { ...testKeys, STEWARD_DATA_DIR: join(repo.root, '.git', 'steward-data') };
  try {
    repo.writeAll({
      '.steward.yml': config(),
      'src/numbers.ts': `${lines('a', 40)}\n`,
      'src/other.ts': 'export const other = 1;\n',
    });
    repo.commit('base');
    repo.branch('feature');
    const edited = lines('a', 40)
      .replace('export const a2 = 2;', 'export const a2 = 2 + input;')
      .replace('export const a35 = 35;', 'export const a35 = 35 * factor;');
    repo.write('src/numbers.ts', `${edited}\n`);
    repo.commit('two hunks');

    const first = await runCli(['review', '--base', 'main'], { cwd: repo.root, env });
    assert.equal(first.code, 0, first.stderr);
    assert.equal(llm.requests.length, 1);

    // Rebase: main moves on elsewhere; the branch's change is the same content on a new base.
    repo.checkout('main');
    repo.write('src/other.ts', 'export const other = 2;\n');
    repo.commit('upstream');
    repo.checkout('feature');
    repo.git('rebase', '--quiet', 'main');
    const rebased = await runCli(['review', '--base', 'main'], { cwd: repo.root, env });
    assert.equal(rebased.code, 0, rebased.stderr);
    assert.equal(llm.requests.length, 1, 'no model call after a rebase with identical content');
    assert.match(rebased.stdout, /2 hunk\(s\) answered from the review cache at no cost/);

    // A new commit changes one of the two hunks: only that hunk is sent.
    repo.write('src/numbers.ts', `${edited.replace('35 * factor', '35 * factor * scale')}\n`);
    repo.commit('touch one hunk');
    const next = await runCli(['review', '--base', 'main'], { cwd: repo.root, env });
    assert.equal(next.code, 0, next.stderr);
    assert.equal(llm.requests.length, 2);
    const sent = userText(llm.requests[1]!);
    assert.match(sent, /35 \* factor \* scale/);
    assert.doesNotMatch(sent, /2 \+ input/, 'the unchanged hunk is not sent again');

    const full = await runCli(['review', '--base', 'main', '--full'], { cwd: repo.root, env });
    assert.equal(full.code, 0, full.stderr);
    assert.equal(llm.requests.length, 3);
    assert.match(userText(llm.requests[2]!), /2 \+ input/, '--full reviews everything again');
  } finally {
    repo.cleanup();
  }
});

test('the same change in two pull requests: the second is a cache hit at zero cost; a repeat of one PR reports nothing again', async () => {
  const github: FakeGitHubServer = await startFakeGitHubServer();
  const workspace = makeWorkspace({ '.git/HEAD': '', '.steward.yml': config() });
  try {
    const patch =
      '@@ -1,2 +1,3 @@\n export function load(id: string) {\n+  console.log(id);\n   return db.get(id);';
    for (const number of [1, 2]) {
      github.addPullRequest({
        repo: 'acme/api',
        number,
        baseSha: 'a'.repeat(40),
        headSha: String(number).repeat(40),
        files: [{ filename: 'src/users.ts', status: 'modified', patch }],
      });
    }
    const finding = {
      path: 'src/users.ts',
      start_line: 2,
      end_line: 2,
      severity: 'high',
      category: 'security',
      confidence: 0.9,
      title: 'Logs a user id',
      explanation: 'User ids end up in logs that more people can read than the database.',
      replacement: null,
    };
    llm.enqueue({
      kind: 'ok',
      text: JSON.stringify({ findings: [finding] }),
      usage: { input: 700, output: 80 },
    });
    const env = {
      ...testKeys,
      GITHUB_TOKEN: github.token,
      GITHUB_API_URL: github.url,
      STEWARD_DATA_DIR: join(workspace.dir, 'data'),
    };
    const review = async (pr: number) => {
      const run = await runCli(['review', '--pr', `acme/api#${pr}`, '--format', 'json'], {
        cwd: workspace.dir,
        env,
      });
      assert.equal(run.code, 0, run.stderr);
      return JSON.parse(run.stdout) as {
        findings: { title: string; startLine: number }[];
        cost: { spentMicros: number };
        notes: string[];
      };
    };

    const first = await review(1);
    assert.deepEqual(
      first.findings.map((entry) => [entry.title, entry.startLine]),
      [['Logs a user id', 2]],
    );
    assert.ok(first.cost.spentMicros > 0);

    const second = await review(2);
    assert.equal(llm.requests.length, 1, 'the second pull request costs no model call');
    assert.equal(second.cost.spentMicros, 0);
    assert.deepEqual(
      second.findings.map((entry) => [entry.title, entry.startLine]),
      [['Logs a user id', 2]],
    );
    assert.ok(
      second.notes.some((note) => /1 hunk\(s\) answered from the review cache at no cost/.test(note)),
    );

    const store = await openStore({ dataDir: env.STEWARD_DATA_DIR });
    try {
      const cachedRows = await store.db
        .selectFrom('ledger_entries')
        .select(['outcome', 'actual_cost_micros', 'scopes', 'detail'])
        .where('outcome', '=', 'cached')
        .execute();
      assert.equal(cachedRows.length, 1, 'the cache hit is in the ledger');
      assert.equal(cachedRows[0]?.actual_cost_micros, 0);
      assert.ok(JSON.parse(cachedRows[0]?.scopes ?? '[]').includes('pr:acme/api#2'));
      assert.equal(cachedRows[0]?.detail, '1 hunk(s) answered from the review cache');
    } finally {
      await store.close();
    }

    const sameHead = await review(1);
    assert.equal(llm.requests.length, 1);
    assert.deepEqual(sameHead.findings, []);
    assert.ok(
      sameHead.notes.some((note) => /was reviewed already .*nothing to do/.test(note)),
      'one review per head, ever',
    );

    // A force-push: a new head with the same change. Nothing is paid for or reported again.
    github.addPullRequest({
      repo: 'acme/api',
      number: 1,
      baseSha: 'c'.repeat(40),
      headSha: 'd'.repeat(40),
      files: [{ filename: 'src/users.ts', status: 'modified', patch }],
    });
    const again = await review(1);
    assert.equal(llm.requests.length, 1);
    assert.deepEqual(
      again.findings,
      [],
      'findings already reported on this pull request are not reported again',
    );
    assert.ok(
      again.notes.some((note) => /1 hunk\(s\) already reviewed in this pull request/.test(note)),
      JSON.stringify(again.notes),
    );

    // A push that rewrites the flagged line: the earlier finding is outdated, and the new hunk is reviewed.
    github.addPullRequest({
      repo: 'acme/api',
      number: 1,
      baseSha: 'c'.repeat(40),
      headSha: 'e'.repeat(40),
      files: [
        {
          filename: 'src/users.ts',
          status: 'modified',
          patch: patch.replace('console.log(id);', 'audit.record(id);'),
        },
      ],
    });
    const rewritten = await review(1);
    assert.equal(llm.requests.length, 2);
    assert.ok(
      rewritten.notes.some((note) => /1 earlier finding\(s\) are outdated/.test(note)),
      JSON.stringify(rewritten.notes),
    );
    const check = await openStore({ dataDir: env.STEWARD_DATA_DIR });
    try {
      const rows = await check.db.selectFrom('review_findings').select(['title', 'outdated_at_ms']).execute();
      const outdated = rows.filter((row) => row.outdated_at_ms !== null).map((row) => row.title);
      assert.deepEqual(outdated, ['Logs a user id'], "PR 1's finding is outdated; PR 2's is not");
    } finally {
      await check.close();
    }
  } finally {
    workspace.remove();
    await github.close();
  }
});
