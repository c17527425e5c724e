import assert from 'node:assert/strict';
import { test } from 'node:test';
import { setImmediate as nextTurn } from 'node:timers/promises';
import {
  claimJob,
  createJobWorker,
  enqueueJob,
  type JobHandler,
  type JobWorkerOptions,
  PermanentJobError,
} from '../../src/jobs/index.ts';
import type { Store } from '../../src/store/index.ts';
import { forEachDatabase } from '../support/databases.ts';
import { collectingLogger, gate, jobRow } from './job-fixtures.ts';

/** A worker (its dialect found from `db`) on a fake clock that polls only when told (wake, idle): every step is the test's. */
function testWorker(store: Store, options: Partial<JobWorkerOptions> & Pick<JobWorkerOptions, 'handlers'>) {
  const logger = collectingLogger();
  const worker = createJobWorker({
    db: store.db,
    dialect: store.dialect,
    pollMs: 60_000,
    logger,
    ...options,
  });
  return { worker, logger };
}

forEachDatabase('createJobWorker', (database) => {
  test('runs a job with its payload once woken, and completes it', async () => {
    const store = await database.open();
    const seen: unknown[] = [];
    const { worker, logger } = testWorker(store, {
      handlers: {
        greet: async (payload, context) => {
          seen.push(payload, context.attempt, context.signal.aborted);
        },
      },
      now: () => 5_000,
    });
    assert.match(worker.workerId, /^worker-/);
    worker.start();
    const { id } = await enqueueJob(store.db, { kind: 'greet', payload: { to: 'Ada' }, now: 5_000 });
    worker.wake();
    await worker.idle();
    await worker.stop();
    assert.deepEqual(seen, [{ to: 'Ada' }, 1, false]);
    const row = await jobRow(store.db, id);
    assert.deepEqual([row.status, row.finished_at_ms, row.locked_by], ['done', 5_000, worker.workerId]);
    assert.deepEqual(
      logger.entries.map((entry) => entry.message),
      ['job done'],
    );
  });

  test('a failing handler is retried after a back-off, then the job fails after its last attempt', async () => {
    const store = await database.open();
    let clock = 1_000_000;
    const attempts: number[] = [];
    const { worker, logger } = testWorker(store, {
      handlers: {
        flaky: async (_payload, context) => {
          attempts.push(context.attempt);
          throw new Error(`boom ${context.attempt}`);
        },
      },
      now: () => clock,
    });
    worker.start();
    const { id } = await enqueueJob(store.db, { kind: 'flaky', payload: {}, maxAttempts: 3, now: clock });
    await worker.idle();
    let row = await jobRow(store.db, id);
    assert.deepEqual(
      [row.status, row.attempts, row.run_after_ms, row.last_error],
      ['queued', 1, clock + 1_000, 'boom 1'],
    );
    clock += 999;
    await worker.idle();
    assert.deepEqual(attempts, [1], 'not before its back-off');
    clock += 1;
    await worker.idle();
    row = await jobRow(store.db, id);
    assert.deepEqual([row.status, row.attempts, row.run_after_ms], ['queued', 2, clock + 2_000]);
    clock += 2_000;
    await worker.idle();
    await worker.stop();
    row = await jobRow(store.db, id);
    assert.deepEqual(
      [row.status, row.attempts, row.finished_at_ms, row.last_error],
      ['failed', 3, clock, 'boom 3'],
    );
    assert.deepEqual(attempts, [1, 2, 3]);
    assert.deepEqual(
      logger.entries.map((entry) => [entry.level, entry.message]),
      [
        ['warn', 'job failed; it will be retried'],
        ['warn', 'job failed; it will be retried'],
        ['error', 'job failed for good'],
      ],
    );
  });

  test('PermanentJobError, an unknown kind and a payload that is not JSON fail at once; other jobs still run', async () => {
    const store = await database.open();
    const ran: string[] = [];
    const { worker, logger } = testWorker(store, {
      handlers: {
        gone: async () => {
          throw new PermanentJobError('the repository acme/gone no longer exists');
        },
        ok: async (payload) => {
          ran.push(payload as string);
        },
        // Not even a promise: a plain throw must be caught as well.
        sync: (() => {
          throw 'a string, not an Error';
        }) as JobHandler,
      },
      now: () => 100,
    });
    const enqueue = (kind: string, payload: unknown) => enqueueJob(store.db, { kind, payload, now: 100 });
    const gone = await enqueue('gone', 1);
    const mystery = await enqueue('mystery', 2);
    const corrupt = await enqueue('ok', 'corrupt');
    await store.db.updateTable('jobs').set({ payload: '{"cut off' }).where('id', '=', corrupt.id).execute();
    const sync = await enqueue('sync', 3);
    await enqueue('ok', 'after');
    worker.start();
    await worker.idle();
    await worker.stop();
    const summary = async (id: string) => {
      const row = await jobRow(store.db, id);
      return [row.status, row.attempts, row.last_error];
    };
    assert.deepEqual(await summary(gone.id), ['failed', 1, 'the repository acme/gone no longer exists']);
    assert.deepEqual(await summary(mystery.id), ['failed', 1, 'no handler for jobs of kind "mystery"']);
    const [status, , error] = await summary(corrupt.id);
    assert.equal(status, 'failed');
    assert.match(String(error), /^the stored payload is not valid JSON/);
    assert.deepEqual(await summary(sync.id), ['queued', 1, 'a string, not an Error']);
    assert.deepEqual(ran, ['after']);
    assert.equal(logger.entries.filter((entry) => entry.level === 'error').length, 3);
  });

  test('stop() stops claiming and waits for the handler in flight', async () => {
    const store = await database.open();
    const started = gate();
    const release = gate();
    const { worker } = testWorker(store, {
      handlers: {
        slow: async () => {
          started.open();
          await release.promise;
        },
      },
      concurrency: 1,
    });
    worker.start();
    const { id } = await enqueueJob(store.db, { kind: 'slow', payload: 1, now: Date.now() });
    const queued = await enqueueJob(store.db, { kind: 'slow', payload: 2, now: Date.now() });
    worker.wake();
    await started.promise;
    let stopped = false;
    const stopping = worker.stop().then(() => {
      stopped = true;
    });
    for (let turn = 0; turn < 20; turn++) await nextTurn();
    assert.equal(stopped, false);
    assert.equal((await jobRow(store.db, id)).status, 'running');
    release.open();
    await stopping;
    assert.equal((await jobRow(store.db, id)).status, 'done');
    assert.equal((await jobRow(store.db, queued.id)).status, 'queued', 'nothing claimed after stop()');
    worker.wake();
    await worker.idle();
    assert.equal((await jobRow(store.db, queued.id)).status, 'queued');
  });

  test('a job whose worker was abandoned mid-run runs once more elsewhere; the first learns it lost the job', async () => {
    const store = await database.open();
    // Lease expiry is seen through the heartbeat's real timer: keep the process alive meanwhile.
    const keepAlive = setInterval(() => {}, 1_000);
    const runs: string[] = [];
    const started = gate();
    const clock = 1_000_000;
    const abandoned = testWorker(store, {
      workerId: 'abandoned',
      leaseMs: 30,
      now: () => clock,
      handlers: {
        work: async (_payload, context) => {
          runs.push('abandoned');
          started.open();
          await new Promise((resolve) => context.signal.addEventListener('abort', resolve, { once: true }));
        },
      },
    });
    const rescuer = testWorker(store, {
      workerId: 'rescuer',
      now: () => clock + 1_000,
      handlers: {
        work: async (_payload, context) => {
          runs.push(`rescuer attempt ${context.attempt}`);
        },
      },
    });
    try {
      abandoned.worker.start();
      const { id } = await enqueueJob(store.db, { kind: 'work', payload: null, now: clock });
      abandoned.worker.wake();
      await started.promise;
      rescuer.worker.start();
      await rescuer.worker.idle();
      await abandoned.worker.stop();
      await rescuer.worker.stop();
      assert.deepEqual(runs, ['abandoned', 'rescuer attempt 2']);
      const row = await jobRow(store.db, id);
      assert.deepEqual([row.status, row.locked_by, row.attempts], ['done', 'rescuer', 2]);
      assert.deepEqual(
        abandoned.logger.entries.map((entry) => [entry.level, entry.message]),
        [['warn', 'job finished after another worker took it over: its completion was not recorded']],
      );
    } finally {
      clearInterval(keepAlive);
    }
  });

  test('a job abandoned during its last attempt fails instead of running again', async () => {
    const store = await database.open();
    const { id } = await enqueueJob(store.db, { kind: 'work', payload: 1, maxAttempts: 1, now: 0 });
    await claimJob(store.db, { dialect: store.dialect, workerId: 'killed', now: 10, leaseMs: 10 });
    let ran = false;
    const { worker } = testWorker(store, {
      now: () => 1_000,
      handlers: {
        work: async () => {
          ran = true;
        },
      },
    });
    worker.start();
    await worker.idle();
    await worker.stop();
    const row = await jobRow(store.db, id);
    assert.equal(ran, false);
    assert.deepEqual([row.status, row.attempts], ['failed', 2]);
    assert.match(row.last_error ?? '', /gave up after 1 attempt/);
  });
});
