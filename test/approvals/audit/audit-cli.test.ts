import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { sql } from 'kysely';
import { type AuditVerification, appendAudit } from '../../../src/approvals/audit/index.ts';
import { openStore, type Store } from '../../../src/store/index.ts';
import { makeWorkspace, runCli } from '../../support/run-cli.ts';

const at = Date.UTC(2026, 0, 15, 12);

/** The workspace's SQLite store (where `runCli` points STEWARD_DATA_DIR), with `count` entries appended. */
async function withEntries(
  dir: string,
  count: number,
  body?: (store: Store) => Promise<void>,
): Promise<void> {
  const store = await openStore({ dataDir: join(dir, '.steward-data') });
  try {
    for (let index = 0; index < count; index++) {
      await store.db.transaction().execute((trx) =>
        appendAudit(trx, {
          event: index === 0 ? 'proposed' : 'approved',
          requestId: index < 3 ? 'req-a' : 'req-b',
          actor: index === 0 ? 'incidents' : `person-${index}`,
          detail: { comment: `looks right ${index}` },
          atMs: at + index * 60_000,
        }),
      );
    }
    await body?.(store);
  } finally {
    await store.close();
  }
}

test('steward audit verify: exit 0 with the entry count and head on an intact log', async () => {
  const workspace = makeWorkspace({ '.git/HEAD': '' });
  try {
    const cli = (...args: string[]) => runCli(args, { cwd: workspace.dir });
    const empty = await cli('audit', 'verify');
    assert.equal(empty.code, 0, empty.stderr);
    assert.equal(empty.stdout, 'audit log intact: 0 entries, head (empty)\n');

    await withEntries(workspace.dir, 5);
    const intact = await cli('audit', 'verify');
    assert.equal(intact.code, 0, intact.stderr);
    assert.match(intact.stdout, /^audit log intact: 5 entries, head [0-9a-f]{12}\n$/);
    assert.equal(intact.stderr, '');

    const json = await cli('audit', 'verify', '--format', 'json');
    assert.equal(json.code, 0, json.stderr);
    const verification = JSON.parse(json.stdout) as AuditVerification;
    assert.equal(verification.ok, true);
    assert.equal(verification.entries, 5);
    assert.equal(verification.head?.seq, 5);
    assert.match(verification.head?.hash ?? '', /^[0-9a-f]{64}$/);
    assert.ok(intact.stdout.includes(verification.head!.hash.slice(0, 12)));
  } finally {
    workspace.remove();
  }
});

test('steward audit verify: exit 1 naming the problem on a tampered log', async () => {
  const workspace = makeWorkspace({ '.git/HEAD': '' });
  try {
    const cli = (...args: string[]) => runCli(args, { cwd: workspace.dir });
    await withEntries(workspace.dir, 5, async (store) => {
      await sql`drop trigger audit_log_no_update`.execute(store.db);
      await store.db.updateTable('audit_log').set({ actor: 'mallory' }).where('seq', '=', 2).execute();
    });
    const tampered = await cli('audit', 'verify');
    assert.equal(tampered.code, 1);
    assert.equal(
      tampered.stdout,
      'audit log NOT intact: 1 problem in 5 entries\n  entry 2 was edited: its hash does not match its contents\n',
    );
    assert.match(tampered.stderr, /^steward: the audit log is not intact: 1 problem in 5 entries\nnext: /);

    const json = await cli('audit', 'verify', '--format', 'json');
    assert.equal(json.code, 1);
    const verification = JSON.parse(json.stdout) as AuditVerification;
    assert.equal(verification.ok, false);
    assert.deepEqual(verification.problems, [
      { seq: 2, problem: 'entry 2 was edited: its hash does not match its contents' },
    ]);
  } finally {
    workspace.remove();
  }
});

test('steward audit list: a table or JSON, by request and newest N; bad limits exit 2', async () => {
  const workspace = makeWorkspace({ '.git/HEAD': '' });
  try {
    const cli = (...args: string[]) => runCli(args, { cwd: workspace.dir });
    const empty = await cli('audit', 'list');
    assert.equal(empty.code, 0, empty.stderr);
    assert.equal(empty.stdout, 'the audit log is empty\n');

    await withEntries(workspace.dir, 5);
    const table = await cli('audit', 'list');
    assert.equal(table.code, 0, table.stderr);
    const lines = table.stdout.trimEnd().split('\n');
    assert.match(lines[0]!, /^seq +at +event +request +actor +detail$/);
    assert.equal(lines.length, 6);
    assert.match(
      lines[1]!,
      /^ *1 +2026-01-15 12:00:00 +proposed +req-a +incidents +\{"comment":"looks right 0"\}$/,
    );

    const request = await cli('audit', 'list', '--request', 'req-b', '--format', 'json');
    assert.equal(request.code, 0, request.stderr);
    const { entries } = JSON.parse(request.stdout) as { entries: { seq: number; detail: unknown }[] };
    assert.deepEqual(
      entries.map((entry) => entry.seq),
      [4, 5],
    );
    assert.deepEqual(entries[0]!.detail, { comment: 'looks right 3' });

    const newest = await cli('audit', 'list', '--limit', '2', '--format', 'json');
    assert.deepEqual(
      (JSON.parse(newest.stdout) as { entries: { seq: number }[] }).entries.map((entry) => entry.seq),
      [4, 5],
    );
    const none = await cli('audit', 'list', '--request', 'req-z');
    assert.equal(none.stdout, 'no audit entries for request req-z\n');

    const bad = await cli('audit', 'list', '--limit', 'many');
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /--limit expects a whole number/);
  } finally {
    workspace.remove();
  }
});
