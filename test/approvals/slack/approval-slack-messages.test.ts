import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import {
  type ApprovalSlackOptions,
  postApprovalMessage,
  readApprovalMessageState,
  type SlackBlock,
  syncApprovalMessage,
  updateApprovalMessage,
} from '../../../src/approvals/slack/index.ts';
import { createLogger } from '../../../src/logging/index.ts';
import type { Store } from '../../../src/store/index.ts';
import { forEachDatabase } from '../../support/databases.ts';
import { startFakeSlackServer } from '../../support/fake-slack-server.ts';
import { approvalRequest, createdAtMs, insertApprovalRequest } from './approval-fixtures.ts';

let slack: Awaited<ReturnType<typeof startFakeSlackServer>>;
before(async () => {
  slack = await startFakeSlackServer();
});
after(async () => {
  await slack.close();
});

/** Options against the fake Slack server; `sent` keeps every Web API call with its JSON body. */
function slackOptions(store: Store, overrides: Partial<ApprovalSlackOptions> = {}) {
  const sent: {
    method: string;
    body: { channel: string; ts?: string; text: string; blocks: SlackBlock[] };
  }[] = [];
  const warnings: string[] = [];
  const options: ApprovalSlackOptions = {
    db: store.db,
    channel: 'C0APPROVAL',
    botToken: slack.token,
    apiUrl: slack.apiUrl,
    logger: createLogger({ format: 'json', level: 'warn', write: (line) => warnings.push(line) }),
    fetch: async (input, init) => {
      sent.push({ method: String(input).split('/').at(-1) ?? '', body: JSON.parse(String(init?.body)) });
      return fetch(input, init);
    },
    ...overrides,
  };
  return { options, sent, warnings };
}

const hasButtons = (blocks: SlackBlock[]) => blocks.some((block) => block.type === 'actions');
const storedTs = async (store: Store, id: string) =>
  (
    await store.db
      .selectFrom('approval_requests')
      .select('slack_ts')
      .where('id', '=', id)
      .executeTakeFirstOrThrow()
  ).slack_ts;

forEachDatabase('Slack approval messages', (database) => {
  test('posting stores the ts; posting again updates instead; a decision replaces the buttons with the outcome', async () => {
    const store = await database.open();
    const request = approvalRequest({
      id: `ar_${database.dialect === 'sqlite' ? 'aaaaaaaa01' : 'bbbbbbbb01'}`,
    });
    await insertApprovalRequest(store.db, request);
    const { options, sent } = slackOptions(store);

    const posted = await postApprovalMessage(options, request, { approvals: [], needed: 2 });
    assert.equal(posted.ok, true);
    const ts = posted.ok ? posted.ts : '';
    assert.equal(await storedTs(store, request.id), ts);
    const message = slack.messages.find((candidate) => candidate.ts === ts);
    assert.equal(message?.channel, 'C0APPROVAL');
    assert.match(
      message?.text ?? '',
      /^Approval needed: restart in production on services orders-api \(0 of 2/,
    );
    assert.equal(sent[0]?.method, 'chat.postMessage');
    assert.ok(hasButtons(sent[0]?.body.blocks ?? []));

    // A second post (a retried job, another process) edits the one message.
    const again = await postApprovalMessage(options, request, { approvals: [], needed: 2 });
    assert.deepEqual(again, { ok: true, ts });
    assert.equal(sent.filter((call) => call.method === 'chat.postMessage').length, 1);
    assert.equal(sent[1]?.method, 'chat.update');

    // One approval, read from the store.
    await store.db
      .insertInto('approval_decisions')
      .values({
        request_id: request.id,
        person: 'alice',
        decision: 'approve',
        comment: 'ok',
        action_hash: request.actionHash,
        target_digest: request.targetDigest,
        via: 'slack',
        decided_at_ms: createdAtMs + 1,
      })
      .execute();
    assert.deepEqual(await readApprovalMessageState(store.db, request), {
      approvals: [{ person: 'alice', decision: 'approve' }],
      needed: 2,
    });
    const updated = await updateApprovalMessage(options, request);
    assert.deepEqual(updated, { ok: true, ts });
    assert.match(message?.text ?? '', /\(1 of 2 approvals\)/);
    assert.ok(hasButtons(sent.at(-1)?.body.blocks ?? []));

    // Rejected: the update renders the stored request, even from an older view.
    await store.db
      .updateTable('approval_requests')
      .set({
        status: 'rejected',
        outcome_reason: 'rejected by bob: not now',
        finished_at_ms: createdAtMs + 2,
      })
      .where('id', '=', request.id)
      .execute();
    assert.deepEqual(await syncApprovalMessage(options, request), { ok: true, ts });
    const last = sent.at(-1);
    assert.equal(last?.method, 'chat.update');
    assert.equal(last?.body.ts, ts);
    assert.equal(hasButtons(last?.body.blocks ?? []), false);
    assert.match(JSON.stringify(last?.body.blocks), /\*Rejected\*.*rejected by bob: not now/);
    assert.equal(message?.text, 'restart in production on services orders-api: rejected');
    assert.equal(message?.history.length, 4);
  });

  test('two processes posting at once post one message', async () => {
    const store = await database.open();
    const request = approvalRequest({
      id: `ar_${database.dialect === 'sqlite' ? 'aaaaaaaa02' : 'bbbbbbbb02'}`,
    });
    await insertApprovalRequest(store.db, request);
    const { options, sent } = slackOptions(store);
    const results = await Promise.all([
      postApprovalMessage(options, request, { approvals: [], needed: 2 }),
      postApprovalMessage(options, request, { approvals: [], needed: 2 }),
    ]);
    assert.equal(sent.filter((call) => call.method === 'chat.postMessage').length, 1);
    assert.equal(results.filter((result) => result.ok).length >= 1, true);
  });

  test('failures are logged and returned, never thrown; a failed post can be tried again', async () => {
    const store = await database.open();
    const request = approvalRequest({
      id: `ar_${database.dialect === 'sqlite' ? 'aaaaaaaa03' : 'bbbbbbbb03'}`,
    });
    await insertApprovalRequest(store.db, request);
    const state = { approvals: [], needed: 2 };

    const unconfigured = slackOptions(store, { channel: undefined });
    const skipped = await postApprovalMessage(unconfigured.options, request, state);
    assert.equal(skipped.ok, false);
    assert.match(!skipped.ok ? skipped.error : '', /not configured/);
    assert.deepEqual(unconfigured.sent, []);
    assert.equal(
      (await postApprovalMessage(slackOptions(store, { botToken: '' }).options, request, state)).ok,
      false,
    );

    const badToken = slackOptions(store, { botToken: 'xoxb-wrong' });
    const refused = await postApprovalMessage(badToken.options, request, state);
    assert.deepEqual(refused, { ok: false, error: 'chat.postMessage: invalid_auth' });
    assert.equal(await storedTs(store, request.id), null, 'the claim is given back');
    assert.match(badToken.warnings.join(''), /Slack approval message failed/);

    const down = slackOptions(store, { apiUrl: 'http://127.0.0.1:9/api' });
    const unreachable = await postApprovalMessage(down.options, request, state);
    assert.equal(unreachable.ok, false);
    assert.match(!unreachable.ok ? unreachable.error : '', /request failed/);
    assert.equal(await storedTs(store, request.id), null);

    const notPosted = await updateApprovalMessage(slackOptions(store).options, request, state);
    assert.deepEqual(notPosted, { ok: false, error: 'no message posted yet' });

    const { options } = slackOptions(store);
    assert.equal((await postApprovalMessage(options, request, state)).ok, true, 'posted on the next try');

    // A message Slack no longer has.
    await store.db
      .updateTable('approval_requests')
      .set({ slack_ts: '1.000001' })
      .where('id', '=', request.id)
      .execute();
    const gone = await updateApprovalMessage(options, request, state);
    assert.deepEqual(gone, { ok: false, error: 'chat.update: message_not_found' });

    const missing = await updateApprovalMessage(options, approvalRequest({ id: 'ar_ffffffff99' }), state);
    assert.deepEqual(missing, { ok: false, error: 'no such request' });
  });

  test('a request decided while its message was being posted gets the message updated at once', async () => {
    const store = await database.open();
    const request = approvalRequest({
      id: `ar_${database.dialect === 'sqlite' ? 'aaaaaaaa05' : 'bbbbbbbb05'}`,
    });
    await insertApprovalRequest(store.db, request);
    const { options, sent } = slackOptions(store);
    const racing: ApprovalSlackOptions = {
      ...options,
      fetch: async (input, init) => {
        // The decision commits while chat.postMessage is on its way.
        await store.db
          .updateTable('approval_requests')
          .set({ status: 'rejected', outcome_reason: 'rejected by bob: no', finished_at_ms: createdAtMs + 5 })
          .where('id', '=', request.id)
          .execute();
        return (options.fetch as typeof fetch)(input, init);
      },
    };
    const posted = await postApprovalMessage(racing, request, { approvals: [], needed: 2 });
    assert.equal(posted.ok, true);
    assert.deepEqual(
      sent.map((call) => call.method),
      ['chat.postMessage', 'chat.update'],
    );
    assert.equal(hasButtons(sent[1]?.body.blocks ?? []), false);
  });

  test('sync leaves a request that finished before it was ever posted alone', async () => {
    const store = await database.open();
    const request = approvalRequest({
      id: `ar_${database.dialect === 'sqlite' ? 'aaaaaaaa04' : 'bbbbbbbb04'}`,
      status: 'denied',
      outcomeReason: 'denied by rules[1]',
    });
    await insertApprovalRequest(store.db, request);
    const { options, sent } = slackOptions(store);
    assert.deepEqual(await syncApprovalMessage(options, request), {
      ok: false,
      error: 'no message posted yet',
    });
    assert.deepEqual(sent, []);
  });
});
