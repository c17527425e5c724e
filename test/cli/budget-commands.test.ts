import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { createBudgetKeeper } from '../../src/budget/index.ts';
import { loadConfig } from '../../src/config/index.ts';
import { openStore } from '../../src/store/index.ts';
import { ledgerEntry } from '../support/budget-fixtures.ts';
import { makeWorkspace, runCli } from '../support/run-cli.ts';

const yaml = `
budgets:
  org:
    daily_usd: 10
    monthly_usd: 100
  agents:
    review:
      daily_usd: 2
`;

/** A workspace whose SQLite store holds two settled calls made just now. */
async function seeded() {
  const workspace = makeWorkspace({ '.git/HEAD': '', '.steward.yml': yaml });
  const dataDir = join(workspace.dir, '.steward-data');
  const store = await openStore({ dataDir });
  const keeper = createBudgetKeeper({
    db: store.db,
    config: loadConfig({ cwd: workspace.dir, env: {} }).config,
  });
  const now = Date.now();
  for (const [model, cost, repo] of [
    ['gpt-4.1-mini', 250_000, 'acme/api'],
    ['claude-sonnet-4-5', 1_000_000, 'acme/web'],
  ] as const) {
    const scopes = keeper.scopesFor({ agent: 'review', repo });
    const reserved = await keeper.reserve('review', scopes, 1_200_000, now);
    assert.ok(reserved.ok);
    await keeper.settle(
      reserved.reservation,
      ledgerEntry({
        at: now,
        scopes: scopes.map((scope) => scope.name),
        model,
        repo,
        provider: model.startsWith('gpt') ? 'openai' : 'anthropic',
        actualCostMicros: cost,
      }),
    );
  }
  await store.close();
  return workspace;
}

test('`steward budget status` shows limit, spent, reserved, remaining and reset per scope', async () => {
  const workspace = await seeded();
  try {
    const run = await runCli(['budget', 'status'], { cwd: workspace.dir });
    assert.equal(run.code, 0, run.stderr);
    const lines = run.stdout.trimEnd().split('\n');
    assert.match(lines[0]!, /^scope\s+window\s+limit\s+spent\s+reserved\s+remaining\s+resets$/);
    assert.equal(lines.length, 4);
    assert.match(
      lines[1]!,
      /^org\s+day:\d{4}-\d\d-\d\d\s+\$10\.0000\s+\$1\.2500\s+\$0\.0000\s+\$8\.7500\s+\d{4}-\d\d-\d\dT00:00:00Z$/,
    );
    assert.match(
      lines[2]!,
      /^org\s+month:\d{4}-\d\d\s+\$100\.0000\s+\$1\.2500\s+\$0\.0000\s+\$98\.7500\s+\d{4}-\d\d-01T00:00:00Z$/,
    );
    assert.match(lines[3]!, /^agent:review\s+day:\S+\s+\$2\.0000\s+\$1\.2500\s+\$0\.0000\s+\$0\.7500\s/);
    const json = await runCli(['budget', 'status', '--json'], { cwd: workspace.dir });
    const parsed = JSON.parse(json.stdout) as {
      budgets: { scope: string; spentMicros: number }[];
      paused: unknown[];
    };
    assert.deepEqual(
      parsed.budgets.map((line) => [line.scope, line.spentMicros]),
      [
        ['org', 1_250_000],
        ['org', 1_250_000],
        ['agent:review', 1_250_000],
      ],
    );
  } finally {
    workspace.remove();
  }
});

test('`steward spend` groups the ledger by model, repo and day, as table, CSV or JSON', async () => {
  const workspace = await seeded();
  try {
    const byModel = await runCli(['spend', '--by', 'model'], { cwd: workspace.dir });
    assert.equal(byModel.code, 0, byModel.stderr);
    const rows = byModel.stdout.trimEnd().split('\n');
    assert.match(rows[1]!, /^anthropic:claude-sonnet-4-5\s+1\s+0\s+0\s+1000\s+0\s+100\s+\$1\.0000$/);
    assert.match(rows[2]!, /^openai:gpt-4\.1-mini\s+1\s+0\s+0\s+1000\s+0\s+100\s+\$0\.2500$/);
    assert.equal(rows[3], 'total $1.2500');

    const csv = await runCli(['spend', '--by', 'repo', '--format', 'csv'], { cwd: workspace.dir });
    assert.equal(
      csv.stdout,
      'repo,calls,refused,failed,input tokens,cached,output tokens,estimated input tokens,cost_usd\nacme/web,1,0,0,1000,0,100,1000,1.000000\nacme/api,1,0,0,1000,0,100,1000,0.250000\n',
    );

    const json = await runCli(['spend', '--by', 'day', '--since', '1d', '--format', 'json'], {
      cwd: workspace.dir,
    });
    const parsed = JSON.parse(json.stdout) as { rows: { key: string; costMicros: number }[] };
    assert.equal(parsed.rows.length, 1);
    assert.equal(parsed.rows[0]?.costMicros, 1_250_000);
  } finally {
    workspace.remove();
  }
});

test('`steward spend` rejects a bad --since or --by with exit 2', async () => {
  const workspace = makeWorkspace({ '.git/HEAD': '' });
  try {
    const since = await runCli(['spend', '--since', 'last tuesday'], { cwd: workspace.dir });
    assert.equal(since.code, 2);
    assert.match(
      since.stderr,
      /--since "last tuesday" is not a duration or a date\nnext: use e\.g\. 30d, 12h, 2w or 2026-11-01/,
    );
    const by = await runCli(['spend', '--by', 'colour'], { cwd: workspace.dir });
    assert.equal(by.code, 2);
    assert.match(by.stderr, /argument 'colour' is invalid. Allowed choices are model, agent, repo, day/);
  } finally {
    workspace.remove();
  }
});

test('`steward budget resume` lifts a pause and rejects an unknown agent', async () => {
  const workspace = makeWorkspace({ '.git/HEAD': '' });
  try {
    const store = await openStore({ dataDir: join(workspace.dir, '.steward-data') });
    await store.db
      .insertInto('agent_pauses')
      .values({ agent: 'review', paused_at_ms: Date.now(), reason: 'test' })
      .execute();
    await store.close();
    const status = await runCli(['budget', 'status'], { cwd: workspace.dir });
    assert.match(status.stdout, /paused: agent review: test \(steward budget resume review\)/);
    const resumed = await runCli(['budget', 'resume', 'review'], { cwd: workspace.dir });
    assert.equal(resumed.stdout, 'agent review resumed\n');
    const again = await runCli(['budget', 'resume', 'review'], { cwd: workspace.dir });
    assert.equal(again.stdout, 'agent review was not paused\n');
    const unknown = await runCli(['budget', 'resume', 'deploy'], { cwd: workspace.dir });
    assert.equal(unknown.code, 2);
    assert.match(unknown.stderr, /unknown agent "deploy"\nnext: name one of review, incidents, learning/);
  } finally {
    workspace.remove();
  }
});
