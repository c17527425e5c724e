import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { after, before, test } from 'node:test';
import { createBudgetKeeper } from '../../src/budget/index.ts';
import type { OpenStoreOptions } from '../../src/store/index.ts';
import { configFrom } from '../support/budget-fixtures.ts';
import { forEachDatabase } from '../support/databases.ts';
import { type FakeLlmServer, startFakeLlmServer } from '../support/fake-llm-server.ts';
import { meterConfigYaml } from '../support/meter-fixtures.ts';

let server: FakeLlmServer;
before(async () => {
  server = await startFakeLlmServer({
    defaultReply: { kind: 'ok', text: 'ok', usage: { input: 1_000, output: 1_500 } },
  });
});
after(() => server.close());

const worker = new URL('../support/meter-worker.ts', import.meta.url).pathname;

function startWorker(
  options: OpenStoreOptions,
  config: string,
  calls: number,
): { child: ChildProcess; done: Promise<{ code: number | null; stdout: string; stderr: string }> } {
  const child = spawn(process.execPath, [worker], {
    env: {
      ...process.env,
      WORKER_CONFIG: config,
      WORKER_CALLS: String(calls),
      ...(options.databaseUrl == null ? {} : { WORKER_DATABASE_URL: options.databaseUrl }),
      ...(options.dataDir == null ? {} : { WORKER_DATA_DIR: options.dataDir }),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (chunk) => {
    stdout += chunk;
  });
  child.stderr?.on('data', (chunk) => {
    stderr += chunk;
  });
  const done = new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
    child.on('exit', (code) => resolve({ code, stdout, stderr }));
  });
  return { child, done };
}

forEachDatabase('meter across processes', (database) => {
  test('two processes with 50 concurrent calls each cannot together pass the limit', async () => {
    const options = await database.create();
    const store = await database.open(options);
    const yaml = meterConfigYaml(server, 'budgets:\n  org:\n    daily_usd: 0.1\n');
    const before = server.requests.length;
    const runs = await Promise.all([
      startWorker(options, yaml, 50).done,
      startWorker(options, yaml, 50).done,
    ]);
    for (const run of runs) assert.equal(run.code, 0, run.stderr);
    const outcomes = runs.map(
      (run) => (JSON.parse(run.stdout) as { outcomes: Record<string, number> }).outcomes,
    );
    const made = outcomes.reduce((sum, outcome) => sum + (outcome.ok ?? 0), 0);
    const rows = await store.db
      .selectFrom('ledger_entries')
      .select(['outcome', 'actual_cost_micros'])
      .execute();
    const settled = rows.reduce((sum, row) => sum + row.actual_cost_micros, 0);
    assert.ok(settled <= 100_000, `settled ${settled} > limit`);
    assert.ok(made >= 25 && made < 100, `calls made: ${made}`);
    assert.equal(rows.length, 100, 'a ledger row for every call, made or refused');
    assert.equal(rows.filter((row) => row.outcome === 'ok').length, made);
    assert.equal(server.requests.length - before, made, 'only calls that fitted reached the provider');
    assert.deepEqual(await store.db.selectFrom('budget_reservations').selectAll().execute(), []);
    const counters = await store.db.selectFrom('budget_counters').select(['reserved_micros']).execute();
    assert.ok(counters.every((counter) => counter.reserved_micros === 0));
  });

  test('kill -9 of a process holding reservations: after the lease they are reclaimed and the budget is whole', async () => {
    const options = await database.create();
    const store = await database.open(options);
    const extra = 'budgets:\n  lease_seconds: 1\n  org:\n    daily_usd: 0.05\n';
    const yaml = meterConfigYaml(server, extra);
    const slow = await startFakeLlmServer({ defaultReply: { kind: 'slow', delayMs: 30_000 } });
    try {
      const slowYaml = yaml.replaceAll(server.baseURL, slow.baseURL);
      const { child, done } = startWorker(options, slowYaml, 5);
      const deadline = Date.now() + 20_000;
      while (slow.inFlight < 5 && Date.now() < deadline)
        await new Promise((resolve) => setTimeout(resolve, 25));
      assert.equal(slow.inFlight, 5, 'the worker has five calls in flight');
      const held = await store.db
        .selectFrom('budget_counters')
        .select(['reserved_micros'])
        .where('scope', '=', 'org')
        .execute();
      assert.ok(
        held.some((counter) => counter.reserved_micros > 0),
        'money is reserved while the calls run',
      );

      child.kill('SIGKILL');
      const exit = await done;
      assert.equal(exit.code, null, 'killed, not exited');

      const keeper = createBudgetKeeper({ db: store.db, config: configFrom(yaml) });
      await new Promise((resolve) => setTimeout(resolve, 1_100));
      assert.equal(await keeper.reclaimExpired(), 5);
      const [day] = await keeper.status();
      assert.deepEqual(day && [day.spentMicros, day.reservedMicros, day.remainingMicros], [0, 0, 50_000]);
      assert.deepEqual(await store.db.selectFrom('budget_reservations').selectAll().execute(), []);
    } finally {
      await slow.close();
    }
  });
});
