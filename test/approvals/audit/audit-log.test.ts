import assert from 'node:assert/strict';
import { test } from 'node:test';
import { type Kysely, sql } from 'kysely';
import {
  AuditAppendError,
  type AuditEntry,
  type AuditEvent,
  appendAudit,
  auditEntryHash,
  auditEvents,
  listAudit,
  verifyAudit,
} from '../../../src/approvals/audit/index.ts';
import { canonicalJson, sha256 } from '../../../src/approvals/registry/proposed-action.ts';
import type { Database, Store } from '../../../src/store/index.ts';
import { forEachDatabase } from '../../support/databases.ts';

const at = Date.UTC(2026, 0, 15, 12);

/** Appends `count` entries, each in its own transaction, cycling through the events and three requests. */
async function appendEntries(db: Kysely<Database>, count: number): Promise<AuditEntry[]> {
  const written: AuditEntry[] = [];
  for (let index = 0; index < count; index++) {
    const event: AuditEvent = auditEvents[index % auditEvents.length]!;
    written.push(
      await db.transaction().execute((trx) =>
        appendAudit(trx, {
          event,
          requestId: index % 5 === 4 ? null : `req-${index % 3}`,
          actor: index % 2 === 0 ? 'alice' : 'steward',
          detail: { step: index, note: `entry ${index + 1}`, nested: { z: 1, a: [index, 'x'] } },
          atMs: at + index * 1_000,
        }),
      ),
    );
  }
  return written;
}

/** What someone with direct database access does first: drop the append-only triggers. */
async function dropTriggers(store: Store): Promise<void> {
  if (store.dialect === 'postgres') {
    await sql`drop trigger audit_log_append_only on audit_log`.execute(store.db);
  } else {
    await sql`drop trigger audit_log_no_update`.execute(store.db);
    await sql`drop trigger audit_log_no_delete`.execute(store.db);
  }
}

/** Gives the entry at `from` the seq `to` (the seq must be free). */
async function moveSeq(db: Kysely<Database>, from: number, to: number): Promise<void> {
  await db.updateTable('audit_log').set({ seq: to }).where('seq', '=', from).execute();
}

async function problemsOf(db: Kysely<Database>, pageSize?: number) {
  const verification = await verifyAudit(db, pageSize === undefined ? {} : { pageSize });
  assert.equal(verification.ok, verification.problems.length === 0);
  return verification;
}

forEachDatabase('audit log', (database) => {
  test('a chain of entries verifies; hashes follow the documented formula', async () => {
    const { db } = await database.open();
    const empty = await verifyAudit(db);
    assert.deepEqual(empty, { ok: true, entries: 0, head: { seq: 0, hash: '' }, problems: [] });

    const written = await appendEntries(db, 20);
    assert.deepEqual(
      written.map((entry) => entry.seq),
      Array.from({ length: 20 }, (_, index) => index + 1),
    );
    assert.equal(written[0]!.prevHash, '');
    for (const [index, entry] of written.entries()) {
      if (index > 0) assert.equal(entry.prevHash, written[index - 1]!.hash);
      const expected = sha256(
        canonicalJson({
          seq: entry.seq,
          at_ms: entry.atMs,
          event: entry.event,
          request_id: entry.requestId,
          actor: entry.actor,
          detail: entry.detail,
          prev_hash: entry.prevHash,
        }),
      );
      assert.equal(entry.hash, expected);
      assert.equal(auditEntryHash(entry), expected);
      assert.match(entry.hash, /^[0-9a-f]{64}$/);
    }

    for (const pageSize of [undefined, 1, 3, 20, 1_000]) {
      const verification = await problemsOf(db, pageSize);
      assert.deepEqual(verification, {
        ok: true,
        entries: 20,
        head: { seq: 20, hash: written[19]!.hash },
        problems: [],
      });
    }
  });

  test('lists entries oldest first with their detail parsed, by request and newest N', async () => {
    const { db } = await database.open();
    const written = await appendEntries(db, 12);
    const all = await listAudit(db);
    assert.deepEqual(all, written);
    assert.deepEqual(all[0]!.detail, { step: 0, note: 'entry 1', nested: { z: 1, a: [0, 'x'] } });
    assert.equal(typeof all[0]!.seq, 'number');
    assert.equal(typeof all[0]!.atMs, 'number');

    const request = await listAudit(db, { requestId: 'req-1' });
    assert.deepEqual(
      request.map((entry) => entry.seq),
      written.filter((entry) => entry.requestId === 'req-1').map((entry) => entry.seq),
    );
    assert.deepEqual(
      (await listAudit(db, { limit: 3 })).map((entry) => entry.seq),
      [10, 11, 12],
    );
    assert.deepEqual(
      (await listAudit(db, { requestId: 'req-0', limit: 2 })).map((entry) => entry.seq),
      written
        .filter((entry) => entry.requestId === 'req-0')
        .map((entry) => entry.seq)
        .slice(-2),
    );
    await assert.rejects(listAudit(db, { limit: 0 }), /whole number of 1 or more/);
  });

  test('the triggers refuse updates and deletes of entries', async () => {
    const { db } = await database.open();
    await appendEntries(db, 3);
    await assert.rejects(
      db.updateTable('audit_log').set({ actor: 'mallory' }).where('seq', '=', 2).execute(),
      /append-only/,
    );
    await assert.rejects(db.deleteFrom('audit_log').where('seq', '=', 3).execute(), /append-only/);
    await assert.rejects(db.deleteFrom('audit_log').execute(), /append-only/);
    const verification = await verifyAudit(db);
    assert.equal(verification.ok, true);
    assert.equal(verification.entries, 3);
  });

  test('an edited entry is reported at its seq', async () => {
    const store = await database.open();
    const { db } = store;
    const written = await appendEntries(db, 20);
    await dropTriggers(store);

    await db.updateTable('audit_log').set({ actor: 'mallory' }).where('seq', '=', 7).execute();
    assert.deepEqual((await problemsOf(db, 4)).problems, [
      { seq: 7, problem: 'entry 7 was edited: its hash does not match its contents' },
    ]);

    // Rewritten with a matching hash: the next entry no longer follows it.
    const seven = written[6]!;
    const forged = auditEntryHash({ ...seven, actor: 'mallory' });
    await db.updateTable('audit_log').set({ hash: forged }).where('seq', '=', 7).execute();
    assert.deepEqual((await problemsOf(db, 4)).problems, [
      {
        seq: 8,
        problem:
          "entry 8 does not follow entry 7: its previous hash is not entry 7's hash (entries were reordered or rewritten)",
      },
    ]);

    await db.updateTable('audit_log').set({ detail: '{"step": 2' }).where('seq', '=', 3).execute();
    await db.updateTable('audit_log').set({ at_ms: at }).where('seq', '=', 15).execute();
    assert.deepEqual(
      (await problemsOf(db)).problems.map((problem) => problem.seq),
      [3, 8, 15],
    );
    assert.equal(
      (await verifyAudit(db)).problems[0]!.problem,
      'entry 3 was edited: its detail is not a JSON object',
    );
  });

  test('a deleted entry is reported, in the middle or at the end', async () => {
    const store = await database.open();
    const { db } = store;
    await appendEntries(db, 20);
    await dropTriggers(store);

    await db.deleteFrom('audit_log').where('seq', '=', 12).execute();
    const middle = await problemsOf(db, 4);
    assert.deepEqual(middle.problems, [{ seq: 12, problem: 'entry 12 is missing' }]);
    assert.equal(middle.entries, 19);

    await db.deleteFrom('audit_log').where('seq', 'in', [4, 5, 6]).execute();
    assert.deepEqual((await problemsOf(db, 4)).problems, [
      { seq: 4, problem: 'entries 4 to 6 are missing' },
      { seq: 12, problem: 'entry 12 is missing' },
    ]);

    await db.deleteFrom('audit_log').where('seq', '=', 1).execute();
    assert.deepEqual((await problemsOf(db)).problems[0], { seq: 1, problem: 'entry 1 is missing' });
  });

  test('deleting the last entries is caught by the head', async () => {
    const store = await database.open();
    const { db } = store;
    await appendEntries(db, 20);
    await dropTriggers(store);

    await db.deleteFrom('audit_log').where('seq', '=', 20).execute();
    assert.deepEqual((await problemsOf(db, 4)).problems, [
      { seq: 20, problem: 'entry 20 is missing: the log ends at entry 19 but the head says 20' },
    ]);
    await db.deleteFrom('audit_log').where('seq', '>=', 17).execute();
    assert.deepEqual((await problemsOf(db)).problems, [
      { seq: 17, problem: 'entries 17 to 20 are missing: the log ends at entry 16 but the head says 20' },
    ]);
    await db.deleteFrom('audit_log').execute();
    assert.deepEqual((await problemsOf(db)).problems, [
      { seq: 1, problem: 'entries 1 to 20 are missing: the log is empty but the head says 20' },
    ]);
  });

  test('reordered entries are reported at the entries concerned', async () => {
    const store = await database.open();
    const { db } = store;
    const written = await appendEntries(db, 20);
    await dropTriggers(store);

    // Two entries' seqs swapped.
    await moveSeq(db, 7, -7);
    await moveSeq(db, 8, 7);
    await moveSeq(db, -7, 8);
    assert.deepEqual((await problemsOf(db, 4)).problems, [
      {
        seq: 7,
        problem: 'entry 7 is out of order: it holds what was written as entry 8 (entries were reordered)',
      },
      {
        seq: 8,
        problem: 'entry 8 is out of order: it holds what was written as entry 7 (entries were reordered)',
      },
    ]);
    await moveSeq(db, 7, -7);
    await moveSeq(db, 8, 7);
    await moveSeq(db, -7, 8);
    assert.equal((await verifyAudit(db)).ok, true);

    // Rows deleted and inserted again in another order, with seqs given in the order of insertion.
    const rows = await db
      .selectFrom('audit_log')
      .selectAll()
      .where('seq', '>=', 3)
      .where('seq', '<=', 6)
      .orderBy('seq')
      .execute();
    await db.deleteFrom('audit_log').where('seq', '>=', 3).where('seq', '<=', 6).execute();
    for (const [index, row] of [...rows].reverse().entries()) {
      await db
        .insertInto('audit_log')
        .values({ ...row, seq: 3 + index })
        .execute();
    }
    assert.deepEqual(
      (await problemsOf(db)).problems.map((problem) => [problem.seq, problem.problem.replace(/:.*/, '')]),
      [
        [3, 'entry 3 is out of order'],
        [4, 'entry 4 is out of order'],
        [5, 'entry 5 is out of order'],
        [6, 'entry 6 is out of order'],
      ],
    );
    await db.deleteFrom('audit_log').where('seq', '>=', 3).where('seq', '<=', 6).execute();
    await db.insertInto('audit_log').values(rows).execute();
    assert.equal((await verifyAudit(db)).ok, true);

    // Swapped and hashed again at their new places: the links no longer hold.
    for (const [seq, entry] of [
      [7, written[7]!],
      [8, written[6]!],
    ] as const) {
      await db.deleteFrom('audit_log').where('seq', '=', seq).execute();
      await db
        .insertInto('audit_log')
        .values({
          seq,
          at_ms: entry.atMs,
          event: entry.event,
          request_id: entry.requestId,
          actor: entry.actor,
          detail: canonicalJson(entry.detail),
          prev_hash: entry.prevHash,
          hash: auditEntryHash({ ...entry, seq }),
        })
        .execute();
    }
    assert.deepEqual(
      (await problemsOf(db)).problems.map((problem) => problem.problem),
      [
        "entry 7 does not follow entry 6: its previous hash is not entry 6's hash (entries were reordered or rewritten)",
        "entry 8 does not follow entry 7: its previous hash is not entry 7's hash (entries were reordered or rewritten)",
        "entry 9 does not follow entry 8: its previous hash is not entry 8's hash (entries were reordered or rewritten)",
      ],
    );
  });

  test('entries written behind the head, or a rewritten head, are reported', async () => {
    const store = await database.open();
    const { db } = store;
    const written = await appendEntries(db, 5);

    const last = written[4]!;
    const extra = { ...last, seq: 6, prevHash: last.hash, actor: 'mallory' };
    await db
      .insertInto('audit_log')
      .values({
        seq: 6,
        at_ms: extra.atMs,
        event: extra.event,
        request_id: extra.requestId,
        actor: extra.actor,
        detail: canonicalJson(extra.detail),
        prev_hash: extra.prevHash,
        hash: auditEntryHash(extra),
      })
      .execute();
    assert.deepEqual((await problemsOf(db)).problems, [
      { seq: 6, problem: 'entry 6 was added without moving the head, which says the log ends at entry 5' },
    ]);

    await db
      .updateTable('audit_head')
      .set({ seq: 6, hash: 'f'.repeat(64) })
      .where('id', '=', 1)
      .execute();
    assert.deepEqual((await problemsOf(db)).problems, [
      {
        seq: 6,
        problem:
          'entry 6 does not match the head: the head holds another hash (the entry or the head was rewritten)',
      },
    ]);

    await db.deleteFrom('audit_head').execute();
    const headless = await problemsOf(db);
    assert.equal(headless.head, null);
    assert.deepEqual(headless.problems, [
      {
        seq: 0,
        problem: 'the audit head (audit_head row 1) is missing: the end of the log cannot be checked',
      },
    ]);
  });

  test('30 concurrent appends, each in its own transaction, make one valid chain', async () => {
    const { db } = await database.open();
    const backends = new Set<number>();
    const written = await Promise.all(
      Array.from({ length: 30 }, (_, index) =>
        db.transaction().execute(async (trx) => {
          if (database.dialect === 'postgres') {
            const { rows } = await sql<{ pid: number }>`select pg_backend_pid() as pid`.execute(trx);
            backends.add(rows[0]!.pid);
            await sql`select pg_sleep(0.01)`.execute(trx);
          }
          return appendAudit(trx, {
            event: 'step_executed',
            requestId: `req-${index}`,
            actor: 'steward',
            detail: { index },
            atMs: at + index,
          });
        }),
      ),
    );
    assert.deepEqual(
      written.map((entry) => entry.seq).sort((a, b) => a - b),
      Array.from({ length: 30 }, (_, index) => index + 1),
    );
    if (database.dialect === 'postgres') {
      assert.ok(backends.size > 1, `the appends ran on ${backends.size} connection(s)`);
    }
    const verification = await verifyAudit(db);
    assert.deepEqual(verification.problems, []);
    assert.equal(verification.entries, 30);
    assert.equal(verification.head?.seq, 30);
  });

  test('an append rolled back with its transaction leaves no entry and gives its seq back', async () => {
    const { db } = await database.open();
    await appendEntries(db, 3);
    const before = await verifyAudit(db);
    await assert.rejects(
      db.transaction().execute(async (trx) => {
        const entry = await appendAudit(trx, {
          event: 'approved',
          requestId: 'req-9',
          actor: 'bob',
          detail: {},
          atMs: at,
        });
        assert.equal(entry.seq, 4);
        throw new Error('the change it records failed');
      }),
      /the change it records failed/,
    );
    assert.deepEqual(await verifyAudit(db), before);
    assert.equal((await listAudit(db, { requestId: 'req-9' })).length, 0);
    const next = await db
      .transaction()
      .execute((trx) =>
        appendAudit(trx, { event: 'approved', requestId: 'req-9', actor: 'bob', detail: {}, atMs: at }),
      );
    assert.equal(next.seq, 4);
    assert.equal(next.prevHash, before.head?.hash);
    assert.equal((await verifyAudit(db)).ok, true);
  });

  test('appendAudit refuses to run outside a transaction and refuses bad entries', async () => {
    const { db } = await database.open();
    const entry = { event: 'proposed' as const, requestId: null, actor: 'steward', detail: {}, atMs: at };
    await assert.rejects(appendAudit(db, entry), AuditAppendError);
    await assert.rejects(appendAudit(db, entry), /needs a transaction/);
    const inTransaction = (input: Parameters<typeof appendAudit>[1]) =>
      db.transaction().execute((trx) => appendAudit(trx, input));
    await assert.rejects(
      inTransaction({ ...entry, event: 'approve' as AuditEvent }),
      /unknown audit event "approve"/,
    );
    await assert.rejects(inTransaction({ ...entry, atMs: 1.5 }), AuditAppendError);
    await assert.rejects(inTransaction({ ...entry, actor: '' }), AuditAppendError);
    await assert.rejects(
      inTransaction({ ...entry, detail: [1, 2] as unknown as Record<string, unknown> }),
      /must be a JSON object/,
    );
    await assert.rejects(inTransaction({ ...entry, detail: { big: 1n } }), AuditAppendError);
    assert.deepEqual(await verifyAudit(db), {
      ok: true,
      entries: 0,
      head: { seq: 0, hash: '' },
      problems: [],
    });

    // Detail is stored as canonical JSON: what was hashed is what reads back.
    const written = await inTransaction({ ...entry, detail: { b: 1, a: { d: undefined, c: [Number.NaN] } } });
    assert.deepEqual(written.detail, { a: { c: [null] }, b: 1 });
    assert.deepEqual((await listAudit(db))[0], written);
    assert.equal((await verifyAudit(db)).ok, true);
  });
});
