import assert from 'node:assert/strict';
import { test } from 'node:test';
import { enqueueJob, jobCounts } from '../../src/jobs/index.ts';
import { forEachDatabase } from '../support/databases.ts';
import { jobRow } from './job-fixtures.ts';

forEachDatabase('enqueueJob', (database) => {
  test('stores the job queued, runnable now, with 5 attempts by default', async () => {
    const { db } = await database.open();
    const job = await enqueueJob(db, { kind: 'greet', payload: { name: 'Ada', n: [1, 2] }, now: 1_000 });
    assert.equal(job.created, true);
    const row = await jobRow(db, job.id);
    assert.deepEqual(
      { ...row, id: undefined },
      {
        id: undefined,
        kind: 'greet',
        payload: '{"name":"Ada","n":[1,2]}',
        dedupe_key: null,
        status: 'queued',
        attempts: 0,
        max_attempts: 5,
        run_after_ms: 1_000,
        locked_by: null,
        lease_until_ms: null,
        last_error: null,
        created_at_ms: 1_000,
        finished_at_ms: null,
      },
    );
  });

  test('a second enqueue with the same dedupe key returns the first job and inserts nothing', async () => {
    const { db } = await database.open();
    const first = await enqueueJob(db, { kind: 'review', payload: { pr: 1 }, dedupeKey: 'pr-1@abc', now: 1 });
    const second = await enqueueJob(db, {
      kind: 'review',
      payload: { pr: 2 },
      dedupeKey: 'pr-1@abc',
      now: 2,
    });
    assert.deepEqual(second, { id: first.id, created: false });
    const rows = await db.selectFrom('jobs').select(['id', 'payload']).execute();
    assert.deepEqual(rows, [{ id: first.id, payload: '{"pr":1}' }]);
    const other = await enqueueJob(db, { kind: 'review', payload: {}, dedupeKey: 'pr-1@def', now: 3 });
    assert.equal(other.created, true);
    await enqueueJob(db, { kind: 'review', payload: {}, now: 4 });
    await enqueueJob(db, { kind: 'review', payload: {}, now: 5 });
    assert.equal((await jobCounts(db)).queued, 4, 'jobs without a key are never deduplicated');
  });

  test('inside a transaction, the job is queued or rolled back with the caller’s writes', async () => {
    const { db } = await database.open();
    const kept = await db.transaction().execute((transaction) =>
      enqueueJob(transaction, {
        kind: 'a',
        payload: 1,
        dedupeKey: 'k',
        maxAttempts: 2,
        runAfterMs: 50,
        now: 10,
      }),
    );
    await assert.rejects(
      db.transaction().execute(async (transaction) => {
        await enqueueJob(transaction, { kind: 'b', payload: 2, now: 10 });
        throw new Error('the caller’s insert failed');
      }),
      /the caller’s insert failed/,
    );
    const again = await db
      .transaction()
      .execute((transaction) => enqueueJob(transaction, { kind: 'a', payload: 3, dedupeKey: 'k', now: 11 }));
    assert.deepEqual(again, { id: kept.id, created: false });
    const rows = await db.selectFrom('jobs').select(['kind', 'max_attempts', 'run_after_ms']).execute();
    assert.deepEqual(rows, [{ kind: 'a', max_attempts: 2, run_after_ms: 50 }]);
  });

  test('refuses a payload JSON cannot hold and a max attempts below 1', async () => {
    const { db } = await database.open();
    await assert.rejects(enqueueJob(db, { kind: 'a', payload: undefined, now: 1 }), /JSON-serialisable/);
    await assert.rejects(enqueueJob(db, { kind: 'a', payload: 1, maxAttempts: 0, now: 1 }), /maxAttempts/);
    assert.equal((await jobCounts(db)).queued, 0);
  });
});
