import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { test } from 'node:test';
import { createJobWorker, enqueueJob, jobCounts } from '../../src/jobs/index.ts';
import type { OpenStoreOptions } from '../../src/store/index.ts';
import { forEachDatabase } from '../support/databases.ts';
import { collectingLogger, createExecutionsTable, executions, recordExecution } from './job-fixtures.ts';

const workerScript = new URL('./job-worker-process.ts', import.meta.url).pathname;

interface ChildWorker {
  /** Resolves once the child ran its first job. */
  started: Promise<void>;
  /** Resolves with how many jobs it ran, once it stopped. */
  done: Promise<number>;
}

function startChildWorker(options: OpenStoreOptions, workerId: string): ChildWorker {
  const child = spawn(process.execPath, [workerScript], {
    env: {
      ...process.env,
      WORKER_ID: workerId,
      ...(options.databaseUrl == null ? {} : { WORKER_DATABASE_URL: options.databaseUrl }),
      ...(options.dataDir == null ? {} : { WORKER_DATA_DIR: options.dataDir }),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  let markStarted = () => {};
  const started = new Promise<void>((resolve) => {
    markStarted = resolve;
  });
  child.stdout.on('data', (chunk) => {
    stdout += chunk;
    if (stdout.startsWith('started\n')) markStarted();
  });
  child.stderr.on('data', (chunk) => {
    stderr += chunk;
  });
  const done = new Promise<number>((resolve, reject) => {
    child.on('exit', (code) => {
      const last = stdout.trim().split('\n').at(-1) ?? '';
      if (code !== 0 || !last.startsWith('{')) {
        reject(new Error(`the worker process exited with ${code}: ${stderr}${stdout}`));
        return;
      }
      resolve((JSON.parse(last) as { ran: number }).ran);
    });
  });
  return { started: Promise.race([started, done.then(() => {})]), done };
}

forEachDatabase('job workers at once', (database) => {
  test('200 jobs, 3 workers of 4 here and one in another process: every job runs exactly once', async () => {
    const options = await database.create();
    const store = await database.open(options);
    await createExecutionsTable(store.db);
    const ids = new Set<string>();
    for (let index = 0; index < 200; index++) {
      ids.add((await enqueueJob(store.db, { kind: 'count', payload: { index }, now: Date.now() })).id);
    }
    // The other process takes part for sure: the workers here start once it ran a job.
    const child = startChildWorker(options, 'child');
    await child.started;
    const logger = collectingLogger();
    const ran = new Map<string, number>();
    const workers = ['one', 'two', 'three'].map((workerId) =>
      createJobWorker({
        db: store.db,
        dialect: store.dialect,
        workerId,
        concurrency: 4,
        pollMs: 10,
        logger,
        handlers: {
          count: async (_payload, context) => {
            await recordExecution(store.db, context.jobId, workerId);
            ran.set(workerId, (ran.get(workerId) ?? 0) + 1);
          },
        },
      }),
    );
    for (const worker of workers) worker.start();
    const [childRan] = await Promise.all([child.done, ...workers.map((worker) => worker.idle())]);
    await Promise.all(workers.map((worker) => worker.stop()));

    const rows = await executions(store.db);
    assert.equal(rows.length, 200, 'one execution per job');
    assert.deepEqual(new Set(rows.map((row) => row.job_id)), ids);
    assert.ok(childRan >= 1);
    const here = [...ran.values()].reduce((sum, count) => sum + count, 0);
    assert.equal(here + childRan, 200);
    assert.equal(rows.filter((row) => row.worker_id === 'child').length, childRan);
    assert.deepEqual(await jobCounts(store.db), { queued: 0, running: 0, done: 200, failed: 0 });
    assert.deepEqual(
      logger.entries.filter((entry) => entry.level !== 'info'),
      [],
    );
  });
});
