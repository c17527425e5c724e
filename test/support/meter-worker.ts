// A separate OS process that makes metered calls, for tests of budgets across processes.
// Input (environment): WORKER_DATABASE_URL or WORKER_DATA_DIR, WORKER_CONFIG (YAML), WORKER_CALLS.
// Output: one JSON line on stdout: { "outcomes": { "ok": n, "refused": n, ... } }.
import { createMeter } from '../../src/llm/meter/index.ts';
import { createPriceBook } from '../../src/llm/prices/index.ts';
import { openStore } from '../../src/store/index.ts';
import { configFrom } from './budget-fixtures.ts';
import { testKeys } from './meter-fixtures.ts';

const config = configFrom(process.env.WORKER_CONFIG ?? '');
const store = await openStore({
  databaseUrl: process.env.WORKER_DATABASE_URL,
  dataDir: process.env.WORKER_DATA_DIR,
});
const meter = createMeter({ config, env: testKeys, db: store.db, priceBook: createPriceBook(config.prices) });
const calls = Number(process.env.WORKER_CALLS ?? '1');
const results = await Promise.all(
  Array.from({ length: calls }, () =>
    meter.call({
      purpose: 'worker',
      scope: { agent: 'review' },
      tier: 'fast',
      messages: [{ role: 'user', content: 'hello' }],
    }),
  ),
);
const outcomes: Record<string, number> = {};
for (const result of results) outcomes[result.outcome] = (outcomes[result.outcome] ?? 0) + 1;
process.stdout.write(`${JSON.stringify({ outcomes })}\n`);
await store.close();
