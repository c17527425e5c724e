import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { after, before, test } from 'node:test';
import { openStore } from '../../../src/store/index.ts';
import { forEachDatabase } from '../../support/databases.ts';
import { type FakeGitHubServer, startFakeGitHubServer } from '../../support/fake-github-server.ts';
import { type FakeLlmServer, startFakeLlmServer } from '../../support/fake-llm-server.ts';
import { testKeys } from '../../support/meter-fixtures.ts';
import { makeWorkspace, runCli } from '../../support/run-cli.ts';

let llm: FakeLlmServer;
let github: FakeGitHubServer;
const patch =
  '@@ -1,2 +1,3 @@\n export function load(id: string) {\n+  return cache.get(id) ?? db.get(id);\n   return db.get(id);';
before(async () => {
  // Slow answers, so that the runs overlap.
  llm = await startFakeLlmServer({
    defaultReply: {
      kind: 'slow',
      delayMs: 400,
      reply: { kind: 'ok', text: '{"findings":[]}', usage: { input: 600, output: 20 } },
    },
  });
  github = await startFakeGitHubServer();
});
after(async () => {
  await llm.close();
  await github.close();
});

const yaml = () =>
  `providers:\n  openai:\n    base_url: ${llm.baseURL}\n  anthropic:\n    base_url: ${llm.baseURL}\n`;

function addPullRequest(
  number: number,
  head: string,
  files = [{ filename: 'src/users.ts', status: 'modified' as const, patch }],
) {
  github.addPullRequest({
    repo: 'acme/single',
    number,
    baseSha: 'a'.repeat(40),
    headSha: head.repeat(40).slice(0, 40),
    files,
  });
}

interface WorkerResult {
  codes: number[];
  outputs: string[];
  errors: string[];
}

function worker(args: string[], count: number, cwd: string, env: NodeJS.ProcessEnv): Promise<WorkerResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [new URL('../../support/review-worker.ts', import.meta.url).pathname],
      {
        env: {
          ...process.env,
          ...env,
          WORKER_ARGS: JSON.stringify(args),
          WORKER_COUNT: String(count),
          WORKER_CWD: cwd,
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => {
      stdout += chunk;
    });
    child.stderr.on('data', (chunk) => {
      stderr += chunk;
    });
    child.on('exit', (code) =>
      code === 0
        ? resolve(JSON.parse(stdout) as WorkerResult)
        : reject(new Error(`worker exited ${code}: ${stderr}`)),
    );
  });
}

forEachDatabase('single-flight review', (database) => {
  test('20 concurrent triggers for one head, in one process and in two: one run, one set of model calls', async () => {
    const options = await database.create();
    const number = database.dialect === 'sqlite' ? 10 : 20;
    addPullRequest(number, database.dialect === 'sqlite' ? '1' : '2');
    const workspace = makeWorkspace({ '.git/HEAD': '', '.steward.yml': yaml() });
    const env = {
      ...testKeys,
      GITHUB_TOKEN: github.token,
      GITHUB_API_URL: github.url,
      ...(options.databaseUrl == null ? {} : { DATABASE_URL: options.databaseUrl }),
      STEWARD_DATA_DIR: options.dataDir ?? `${workspace.dir}/data`,
    };
    const before = llm.requests.length;
    try {
      const args = ['review', '--pr', `acme/single#${number}`, '--format', 'json'];
      // Ten in this process, and ten in each of two worker processes when the store is shared PostgreSQL.
      const local = Array.from({ length: 10 }, () => runCli(args, { cwd: workspace.dir, env }));
      const workers =
        database.dialect === 'postgres'
          ? [worker(args, 5, workspace.dir, env), worker(args, 5, workspace.dir, env)]
          : [worker(args, 10, workspace.dir, env)];
      const results = [
        ...(await Promise.all(local)).map((run) => ({
          code: run.code,
          stdout: run.stdout,
          stderr: run.stderr,
        })),
        ...(await Promise.all(workers)).flatMap((result) =>
          result.outputs.map((stdout, index) => ({
            code: result.codes[index]!,
            stdout,
            stderr: result.errors[index],
          })),
        ),
      ];
      assert.equal(results.length, 20);
      assert.deepEqual(
        results.filter((result) => result.code !== 0),
        [],
        'every trigger exits 0',
      );
      const reports = results.map(
        (result) => JSON.parse(result.stdout) as { notes: string[]; plan: { units: unknown[] } },
      );
      const ran = reports.filter((report) => report.plan.units.length > 0);
      assert.equal(ran.length, 1, 'exactly one run did the work');
      assert.ok(
        reports
          .filter((report) => report.plan.units.length === 0)
          .every((report) => report.notes.some((note) => /already running|reviewed already/.test(note))),
      );
      assert.equal(llm.requests.length - before, 1, 'one set of model calls');
      const store = await openStore(options);
      try {
        const runs = await store.db
          .selectFrom('review_runs')
          .select(['status'])
          .where('pr', '=', number)
          .execute();
        assert.deepEqual(runs, [{ status: 'completed' }]);
        assert.deepEqual(await store.db.selectFrom('review_leases').selectAll().execute(), []);
      } finally {
        await store.close();
      }
    } finally {
      workspace.remove();
    }
  });
});

test('a push during a review cancels it: its calls stop, its reservations are released, the new head completes', async () => {
  const workspace = makeWorkspace({
    '.git/HEAD': '',
    '.steward.yml': `${yaml()}review:\n  batch:\n    max_files: 1\n  concurrency: 1\n`,
  });
  const env = {
    ...testKeys,
    GITHUB_TOKEN: github.token,
    GITHUB_API_URL: github.url,
    STEWARD_DATA_DIR: `${workspace.dir}/data`,
  };
  const files = ['a', 'b', 'c', 'd'].map((name) => ({
    filename: `src/${name}.ts`,
    status: 'modified' as const,
    patch: patch.replace('cache.get', `${name}Cache.get`),
  }));
  try {
    addPullRequest(30, '3', files);
    llm.enqueue(
      ...files.map(() => ({
        kind: 'slow' as const,
        delayMs: 3_000,
        reply: { kind: 'ok' as const, text: '{"findings":[]}', usage: { input: 600, output: 20 } },
      })),
    );
    const first = runCli(['review', '--pr', 'acme/single#30', '--format', 'json'], {
      cwd: workspace.dir,
      env,
    });
    const deadline = Date.now() + 10_000;
    while (llm.inFlight === 0 && Date.now() < deadline)
      await new Promise((resolve) => setTimeout(resolve, 20));
    assert.equal(llm.inFlight, 1, 'the first review has a call in flight');

    llm.reset();
    addPullRequest(30, '4', files.slice(0, 1));
    const second = await runCli(['review', '--pr', 'acme/single#30', '--format', 'json'], {
      cwd: workspace.dir,
      env,
    });
    assert.equal(second.code, 0, second.stderr);
    const secondReport = JSON.parse(second.stdout) as {
      plan: { units: unknown[] };
      notReviewed: { incomplete: unknown[] };
    };
    assert.equal(secondReport.plan.units.length, 1);
    assert.deepEqual(secondReport.notReviewed.incomplete, []);

    const firstRun = await first;
    assert.equal(firstRun.code, 0, firstRun.stderr);
    const firstReport = JSON.parse(firstRun.stdout) as {
      notes: string[];
      notReviewed: { incomplete: { reason: string }[] };
    };
    assert.ok(
      firstReport.notes.some((note) => /a newer push of this pull request is being reviewed/.test(note)),
    );
    assert.ok(
      firstReport.notReviewed.incomplete.length >= 3,
      'the old head stopped before reviewing everything',
    );

    const store = await openStore({ dataDir: env.STEWARD_DATA_DIR });
    try {
      const outcomes = await store.db.selectFrom('ledger_entries').select(['outcome']).execute();
      assert.ok(
        outcomes.some((row) => row.outcome === 'cancelled'),
        'the ledger shows the cancelled call',
      );
      assert.ok(
        outcomes.some((row) => row.outcome === 'ok'),
        "and the new head's call",
      );
      assert.deepEqual(await store.db.selectFrom('budget_reservations').selectAll().execute(), []);
      const counters = await store.db.selectFrom('budget_counters').select('reserved_micros').execute();
      assert.ok(counters.every((counter) => counter.reserved_micros === 0));
    } finally {
      await store.close();
    }
  } finally {
    workspace.remove();
  }
});

test('runaway protection: past the daily number of reviews, or with its budget spent, a PR gets one clear message and no run', async () => {
  const workspace = makeWorkspace({
    '.git/HEAD': '',
    '.steward.yml': `${yaml()}review:\n  max_runs_per_pr_per_day: 2\nbudgets:\n  per_pr:\n    lifetime_usd: 1\n`,
  });
  const env = {
    ...testKeys,
    GITHUB_TOKEN: github.token,
    GITHUB_API_URL: github.url,
    STEWARD_DATA_DIR: `${workspace.dir}/data`,
  };
  const review = async (number: number) => {
    const run = await runCli(['review', '--pr', `acme/single#${number}`, '--format', 'json'], {
      cwd: workspace.dir,
      env,
    });
    assert.equal(run.code, 0, run.stderr);
    return JSON.parse(run.stdout) as { notes: string[]; plan: { units: unknown[] } };
  };
  try {
    const before = llm.requests.length;
    for (const [index, head] of ['5', '6'].entries()) {
      addPullRequest(40, head, [{ filename: `src/step${index}.ts`, status: 'modified', patch }]);
      assert.equal((await review(40)).plan.units.length, 1);
    }
    addPullRequest(40, '7', [{ filename: 'src/step2.ts', status: 'modified', patch }]);
    const third = await review(40);
    assert.equal(third.plan.units.length, 0);
    assert.match(
      third.notes.join('\n'),
      /acme\/single#40 had 2 reviews in the last 24 hours, the most review\.max_runs_per_pr_per_day allows \(2\): no review until /,
    );
    assert.equal(llm.requests.length - before, 2);

    addPullRequest(41, '8');
    const store = await openStore({ dataDir: env.STEWARD_DATA_DIR });
    try {
      await store.db
        .insertInto('budget_counters')
        .values({
          scope: 'pr:acme/single#41',
          window_key: 'lifetime',
          spent_micros: 1_000_000,
          reserved_micros: 0,
          updated_at_ms: Date.now(),
        })
        .execute();
    } finally {
      await store.close();
    }
    const spent = await review(41);
    assert.equal(spent.plan.units.length, 0);
    assert.match(
      spent.notes.join('\n'),
      /acme\/single#41 has spent its whole review budget \(\$1\.00 of budgets\.per_pr\.lifetime_usd \$1\.00\)/,
    );
    assert.equal(llm.requests.length - before, 2);
  } finally {
    workspace.remove();
  }
});
