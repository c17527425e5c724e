// Waits until the epoch milliseconds in argv[3], then opens the store described by argv[2] (JSON
// OpenStoreOptions) and migrates it, as `openStore` does at start-up, printing the migrations it
// applied as JSON. Workers given one start time race for real.
import { setTimeout as sleep } from 'node:timers/promises';
import { migrateToLatest, type OpenStoreOptions, openStore } from '../../src/store/index.ts';

const options = JSON.parse(process.argv[2] ?? '{}') as OpenStoreOptions;
const startAt = Number(process.argv[3] ?? Date.now());

try {
  await sleep(Math.max(0, startAt - Date.now()));
  const store = await openStore({ ...options, migrate: false });
  try {
    process.stdout.write(JSON.stringify(await migrateToLatest(store.db)));
  } finally {
    await store.close();
  }
} catch (error) {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
}
