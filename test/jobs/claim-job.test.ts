import assert from 'node:assert/strict';
import { test } from 'node:test';
import { claimJob, completeJob, enqueueJob, jobCounts, renewJobLease } from '../../src/jobs/index.ts';
import { forEachDatabase } from '../support/databases.ts';
import { jobRow } from './job-fixtures.ts';

forEachDatabase('claimJob', (database) => {
  test('claims runnable jobs oldest run-after first, and none before its time', async () => {
    const store = await database.open();
    const { db, dialect } = store;
    const enqueue = (name: string, runAfterMs: number) =>
      enqueueJob(db, { kind: 'k', payload: { name }, runAfterMs, now: 0 });
    await enqueue('late', 300);
    await enqueue('first', 100);
    await enqueue('middle', 200);
    await enqueue('future', 5_000);
    const claim = (now: number) => claimJob(db, { dialect, workerId: 'w1', now, leaseMs: 10_000 });
    const names = [];
    for (let job = await claim(1_000); job !== undefined; job = await claim(1_000)) {
      assert.equal(job.attempt, 1);
      assert.equal(job.maxAttempts, 5);
      names.push((job.payload as { name: string }).name);
    }
    assert.deepEqual(names, ['first', 'middle', 'late']);
    const future = await claim(5_000);
    assert.deepEqual(future?.payload, { name: 'future' });
    const row = await jobRow(db, future!.id);
    assert.deepEqual(
      [row.status, row.locked_by, row.lease_until_ms, row.attempts],
      ['running', 'w1', 15_000, 1],
    );
    assert.deepEqual(await jobCounts(db), { queued: 0, running: 4, done: 0, failed: 0 });
  });

  test('claims only the kinds asked for', async () => {
    const { db, dialect } = await database.open();
    await enqueueJob(db, { kind: 'a', payload: 'a', now: 0 });
    const b = await enqueueJob(db, { kind: 'b', payload: 'b', now: 1 });
    const options = { dialect, workerId: 'w', now: 10, leaseMs: 10 };
    assert.equal(await claimJob(db, { ...options, kinds: [] }), undefined);
    assert.equal((await claimJob(db, { ...options, kinds: ['b', 'c'] }))?.id, b.id);
    assert.equal(await claimJob(db, { ...options, kinds: ['b'] }), undefined);
    const withoutDialect = { workerId: 'w', now: 10, leaseMs: 10 };
    assert.notEqual(await claimJob(db, withoutDialect), undefined, 'the dialect is found from db');
    await assert.rejects(
      db.transaction().execute((transaction) => claimJob(transaction, withoutDialect)),
      /needs its `dialect`/,
    );
  });

  test('a running job whose lease expired is taken over; its old worker can no longer renew or complete it', async () => {
    const { db, dialect } = await database.open();
    const { id } = await enqueueJob(db, { kind: 'k', payload: null, now: 0 });
    const first = await claimJob(db, { dialect, workerId: 'killed', now: 1_000, leaseMs: 100 });
    assert.equal(first?.id, id);
    // The worker is killed here, between claim and completion.
    assert.equal(await claimJob(db, { dialect, workerId: 'w2', now: 1_100, leaseMs: 100 }), undefined);
    assert.equal(await renewJobLease(db, id, 'killed', 1_050, 100), true, 'a live worker can renew');
    assert.equal(await claimJob(db, { dialect, workerId: 'w2', now: 1_150, leaseMs: 100 }), undefined);
    const second = await claimJob(db, { dialect, workerId: 'w2', now: 1_151, leaseMs: 100 });
    assert.deepEqual(second, { id, kind: 'k', payload: null, attempt: 2, maxAttempts: 5 });
    assert.equal(await renewJobLease(db, id, 'killed', 1_200, 100), false);
    assert.equal(await completeJob(db, id, 'killed', 1_200), false);
    assert.equal((await jobRow(db, id)).status, 'running');
    assert.equal(await renewJobLease(db, id, 'w2', 1_200, 100), true);
    assert.equal(await completeJob(db, id, 'w2', 1_250), true);
    assert.equal(await completeJob(db, id, 'w2', 1_260), false, 'completes once');
    const row = await jobRow(db, id);
    assert.deepEqual([row.status, row.finished_at_ms, row.attempts], ['done', 1_250, 2]);
    assert.equal(await claimJob(db, { dialect, workerId: 'w3', now: 99_999, leaseMs: 100 }), undefined);
  });

  test('claims made at once never take one job twice', async () => {
    const { db, dialect } = await database.open();
    for (let index = 0; index < 20; index++) await enqueueJob(db, { kind: 'k', payload: index, now: 0 });
    const claims = await Promise.all(
      Array.from({ length: 40 }, (_, index) =>
        claimJob(db, { dialect, workerId: `w${index}`, now: 10, leaseMs: 1_000 }),
      ),
    );
    const claimed = claims.filter((job) => job !== undefined);
    assert.equal(claimed.length, 20);
    assert.equal(new Set(claimed.map((job) => job.id)).size, 20);
    assert.deepEqual(await jobCounts(db), { queued: 0, running: 20, done: 0, failed: 0 });
  });

  test('a stored payload that is not JSON fails that job for good, and the next one is claimed', async () => {
    const { db, dialect } = await database.open();
    const bad = await enqueueJob(db, { kind: 'k', payload: 'x', now: 0 });
    await db.updateTable('jobs').set({ payload: '{not json' }).where('id', '=', bad.id).execute();
    const good = await enqueueJob(db, { kind: 'k', payload: 'y', now: 1 });
    const invalid: string[] = [];
    const job = await claimJob(db, {
      dialect,
      workerId: 'w',
      now: 10,
      leaseMs: 10,
      onInvalidPayload: (rejected) => invalid.push(rejected.id),
    });
    assert.equal(job?.id, good.id);
    assert.deepEqual(invalid, [bad.id]);
    const row = await jobRow(db, bad.id);
    assert.equal(row.status, 'failed');
    assert.match(row.last_error ?? '', /not valid JSON/);
  });
});
