// What metering costs: a metered call (count, price, reserve, call, settle, ledger row) against the
// bare provider call to the same local server, on SQLite and (with STEWARD_BENCH_DATABASE_URL) on
// PostgreSQL. Prints µs per call, median and p99, and the overhead as a ratio of the bare call.
//
//   node bench/meter-overhead.ts [calls]
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createMeter } from '../src/llm/meter/index.ts';
import { providerSettingsFor } from '../src/llm/meter/provider-settings-for.ts';
import { createPriceBook } from '../src/llm/prices/index.ts';
import { createModelCaller } from '../src/llm/providers/index.ts';
import { openStore, type Store } from '../src/store/index.ts';
import { configFrom } from '../test/support/budget-fixtures.ts';
import { startFakeLlmServer } from '../test/support/fake-llm-server.ts';
import { meterConfigYaml, testKeys } from '../test/support/meter-fixtures.ts';

const calls = Number(process.argv[2] ?? 400);
const server = await startFakeLlmServer({
  defaultReply: { kind: 'ok', text: 'ok', usage: { input: 900, cached: 0, output: 40 } },
});
const config = configFrom(
  meterConfigYaml(
    server,
    'budgets:\n  org:\n    daily_usd: 100000\n    monthly_usd: 1000000\n  per_pr:\n    lifetime_usd: 100000\n  per_run:\n    lifetime_usd: 100000\n',
  ),
);
const messages = [{ role: 'user' as const, content: 'Review this change.\n'.repeat(60) }];
const scope = { agent: 'review' as const, repo: 'acme/api', pr: 1, run: 'bench' };

function percentile(sorted: number[], fraction: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(fraction * sorted.length))]!;
}

async function time(run: () => Promise<unknown>): Promise<{ median: number; p99: number }> {
  for (let index = 0; index < 30; index++) await run();
  const samples: number[] = [];
  for (let index = 0; index < calls; index++) {
    const started = process.hrtime.bigint();
    await run();
    samples.push(Number(process.hrtime.bigint() - started) / 1000);
  }
  samples.sort((a, b) => a - b);
  return { median: percentile(samples, 0.5), p99: percentile(samples, 0.99) };
}

const bareCall = createModelCaller({ settings: providerSettingsFor(config, testKeys) });
const bare = () =>
  bareCall({
    provider: 'openai',
    model: 'gpt-4.1-mini',
    messages,
    maxOutputTokens: 2048,
    temperature: 0,
    timeoutMs: 5000,
    maxRetries: 0,
  });

async function measure(name: string, store: Store) {
  const meter = createMeter({
    config,
    env: testKeys,
    db: store.db,
    priceBook: createPriceBook(config.prices),
  });
  const metered = () => meter.call({ purpose: 'bench', scope, tier: 'fast', messages });
  // Interleave the two measurements so that drift affects both alike.
  const baseline = await time(bare);
  const withMeter = await time(metered);
  const baselineAgain = await time(bare);
  const bareMedian = Math.min(baseline.median, baselineAgain.median);
  const bareP99 = Math.min(baseline.p99, baselineAgain.p99);
  const overhead = withMeter.median - bareMedian;
  console.log(
    `${name.padEnd(10)} bare ${bareMedian.toFixed(0).padStart(6)} µs (p99 ${bareP99.toFixed(0)})  metered ${withMeter.median.toFixed(0).padStart(6)} µs (p99 ${withMeter.p99.toFixed(0)})  overhead ${overhead.toFixed(0)} µs = ${(withMeter.median / bareMedian).toFixed(2)}× the bare call`,
  );
}

console.log(
  `${calls} sequential calls to a local fake provider; gpt-4.1-mini tier, 6 budget scopes, 3 windows each`,
);
const dataDir = mkdtempSync(join(tmpdir(), 'steward-bench-'));
const sqlite = await openStore({ dataDir });
await measure('sqlite', sqlite);
await sqlite.close();
rmSync(dataDir, { recursive: true, force: true });

const url = process.env.STEWARD_BENCH_DATABASE_URL;
if (url === undefined || url === '') {
  console.log(
    'postgres   skipped: set STEWARD_BENCH_DATABASE_URL to a PostgreSQL database (scripts/postgres.sh start DIR)',
  );
} else {
  const postgres = await openStore({ databaseUrl: url });
  await measure('postgres', postgres);
  await postgres.close();
}
await server.close();
