import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  claimJob,
  enqueueJob,
  failJob,
  jobCounts,
  maxJobErrorLength,
  retryDelayMs,
  retryFailedJob,
} from '../../src/jobs/index.ts';
import { forEachDatabase } from '../support/databases.ts';
import { jobRow } from './job-fixtures.ts';

test('retry delays double from 1 s and stop at 5 minutes', () => {
  assert.deepEqual(
    [1, 2, 3, 4, 8, 9, 10, 60].map(retryDelayMs),
    [1_000, 2_000, 4_000, 8_000, 128_000, 256_000, 300_000, 300_000],
  );
});

forEachDatabase('failJob', (database) => {
  test('a failed attempt is queued again after a back-off, until the last one fails the job', async () => {
    const { db, dialect } = await database.open();
    const { id } = await enqueueJob(db, { kind: 'k', payload: 1, maxAttempts: 3, now: 0 });
    let now = 1_000;
    const expectedDelays = [1_000, 2_000];
    for (const [index, delay] of expectedDelays.entries()) {
      const job = await claimJob(db, { dialect, workerId: 'w', now, leaseMs: 100 });
      assert.equal(job?.attempt, index + 1);
      assert.equal(await failJob(db, id, 'w', `boom ${index + 1}`, now), 'retrying');
      const row = await jobRow(db, id);
      assert.deepEqual(
        [row.status, row.run_after_ms, row.locked_by, row.last_error],
        ['queued', now + delay, null, `boom ${index + 1}`],
      );
      assert.equal(
        await claimJob(db, { dialect, workerId: 'w', now: now + delay - 1, leaseMs: 100 }),
        undefined,
      );
      now += delay;
    }
    assert.equal((await claimJob(db, { dialect, workerId: 'w', now, leaseMs: 100 }))?.attempt, 3);
    assert.equal(await failJob(db, id, 'w', 'boom 3', now), 'failed');
    const row = await jobRow(db, id);
    assert.deepEqual(
      [row.status, row.attempts, row.finished_at_ms, row.last_error],
      ['failed', 3, now, 'boom 3'],
    );
    assert.equal(await claimJob(db, { dialect, workerId: 'w', now: now + 1e9, leaseMs: 100 }), undefined);
  });

  test('a permanent failure fails at once; a worker that lost the job cannot fail it', async () => {
    const { db, dialect } = await database.open();
    const { id } = await enqueueJob(db, { kind: 'k', payload: 1, now: 0 });
    await claimJob(db, { dialect, workerId: 'w', now: 10, leaseMs: 100 });
    assert.equal(await failJob(db, id, 'other', 'no', 20), 'not-held');
    assert.equal(await failJob(db, id, 'w', 'bad input', 20, { permanent: true }), 'failed');
    assert.equal(await failJob(db, id, 'w', 'again', 30), 'not-held');
    const row = await jobRow(db, id);
    assert.deepEqual([row.status, row.attempts, row.last_error], ['failed', 1, 'bad input']);
  });

  test('the stored error is cut to 2,000 characters', async () => {
    const { db, dialect } = await database.open();
    const { id } = await enqueueJob(db, { kind: 'k', payload: 1, now: 0 });
    await claimJob(db, { dialect, workerId: 'w', now: 10, leaseMs: 100 });
    await failJob(db, id, 'w', 'x'.repeat(10_000), 20);
    const error = (await jobRow(db, id)).last_error ?? '';
    assert.equal(error.length, maxJobErrorLength);
    assert.ok(error.endsWith('…'));
  });

  test('a failed job can be queued again with its attempts reset; counts follow', async () => {
    const { db, dialect } = await database.open();
    const { id } = await enqueueJob(db, { kind: 'k', payload: 1, maxAttempts: 1, now: 0 });
    await enqueueJob(db, { kind: 'k', payload: 2, now: 5 });
    assert.equal(await retryFailedJob(db, id, 50), false, 'only a failed job');
    await claimJob(db, { dialect, workerId: 'w', now: 10, leaseMs: 100 });
    assert.equal(await failJob(db, id, 'w', 'boom', 20), 'failed');
    assert.deepEqual(await jobCounts(db), { queued: 1, running: 0, done: 0, failed: 1 });
    assert.equal(await retryFailedJob(db, id, 100), true);
    assert.equal(await retryFailedJob(db, 'no-such-job', 100), false);
    const row = await jobRow(db, id);
    assert.deepEqual(
      [row.status, row.attempts, row.run_after_ms, row.finished_at_ms, row.locked_by],
      ['queued', 0, 100, null, null],
    );
    assert.deepEqual(await jobCounts(db), { queued: 2, running: 0, done: 0, failed: 0 });
    assert.equal((await claimJob(db, { dialect, workerId: 'w', now: 100, leaseMs: 100 }))?.attempt, 1);
  });
});
