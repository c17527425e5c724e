import assert from 'node:assert/strict';
import { test } from 'node:test';
import { rememberSlackRequest, slackReplayWindowMs } from '../../../src/approvals/slack/index.ts';
import { forEachDatabase } from '../../support/databases.ts';

const signature = `v0=${'ab'.repeat(32)}`;

forEachDatabase('Slack replay guard', (database) => {
  test('a signature is taken once; rows older than 10 minutes are pruned', async () => {
    const store = await database.open();
    const t0 = 1_800_000_000_000;
    assert.equal(await rememberSlackRequest(store.db, signature, t0), true);
    assert.equal(await rememberSlackRequest(store.db, signature, t0 + 1_000), false);
    assert.equal(
      await rememberSlackRequest(store.db, signature.toUpperCase().replace('V0', 'v0'), t0 + 2_000),
      false,
    );
    assert.equal(
      await rememberSlackRequest(store.db, `v0=${'cd'.repeat(32)}`, t0 + slackReplayWindowMs),
      true,
    );
    assert.equal(slackReplayWindowMs, 10 * 60_000);

    // Still remembered at exactly 10 minutes; pruned after.
    assert.equal(await rememberSlackRequest(store.db, signature, t0 + slackReplayWindowMs), false);
    assert.equal(
      await rememberSlackRequest(store.db, `v0=${'ef'.repeat(32)}`, t0 + slackReplayWindowMs + 1),
      true,
    );
    const rows = await store.db
      .selectFrom('slack_requests')
      .select('signature')
      .orderBy('signature')
      .execute();
    assert.deepEqual(
      rows.map((row) => row.signature),
      [`v0=${'cd'.repeat(32)}`, `v0=${'ef'.repeat(32)}`],
    );

    // Concurrent copies: exactly one is taken.
    const copies = await Promise.all(
      Array.from({ length: 5 }, () =>
        rememberSlackRequest(store.db, `v0=${'12'.repeat(32)}`, t0 + slackReplayWindowMs + 2),
      ),
    );
    assert.equal(copies.filter(Boolean).length, 1);
  });
});
