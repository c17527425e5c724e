// A separate OS process running one job worker, for tests of claiming across processes.
// Input (environment): WORKER_DATABASE_URL or WORKER_DATA_DIR, WORKER_ID, WORKER_CONCURRENCY.
// Output on stdout: `started` once its first job ran, then `{"ran":n}` when no job is left to claim.
import { createJobWorker } from '../../src/jobs/index.ts';
import { openStore } from '../../src/store/index.ts';
import { recordExecution } from './job-fixtures.ts';

const workerId = process.env.WORKER_ID ?? 'child';
const store = await openStore({
  databaseUrl: process.env.WORKER_DATABASE_URL,
  dataDir: process.env.WORKER_DATA_DIR,
});
let ran = 0;
const worker = createJobWorker({
  db: store.db,
  dialect: store.dialect,
  workerId,
  concurrency: Number(process.env.WORKER_CONCURRENCY ?? '4'),
  pollMs: 10,
  handlers: {
    count: async (_payload, context) => {
      await recordExecution(store.db, context.jobId, workerId);
      if (ran++ === 0) process.stdout.write('started\n');
    },
  },
});
worker.start();
await worker.idle();
await worker.stop();
process.stdout.write(`${JSON.stringify({ ran })}\n`);
await store.close();
