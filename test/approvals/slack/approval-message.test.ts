import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  approvalMessageBlocks,
  type SlackBlock,
  type SlackButton,
} from '../../../src/approvals/slack/index.ts';
import { approvalRequest, createdAtMs } from './approval-fixtures.ts';

const allText = (blocks: SlackBlock[]) => JSON.stringify(blocks);
const buttons = (blocks: SlackBlock[]): SlackButton[] =>
  blocks.flatMap((block) => (block.type === 'actions' ? block.elements : []));

test('a pending request shows what, where, why, who, the hash, the expiry and the approvals, with both buttons', () => {
  const request = approvalRequest();
  const { text, blocks } = approvalMessageBlocks(request, {
    approvals: [{ person: 'alice', decision: 'approve' }],
    needed: 2,
  });
  assert.deepEqual(blocks[0], {
    type: 'header',
    text: { type: 'plain_text', text: 'Approval needed: restart in production', emoji: true },
  });
  const shown = allText(blocks);
  assert.match(shown, /services orders-api/);
  assert.match(shown, /agent incidents, run inc-42/);
  assert.match(shown, /`abcdef012345`/);
  assert.doesNotMatch(shown, /abcdef0123456/, 'the hash is shortened to 12 characters');
  assert.match(shown, /1 of 2 \(alice\)/);
  const expiry = `<!date^${(createdAtMs + 3_600_000) / 1000}^{date_short_pretty} {time}|2026-01-15 11:00 UTC>`;
  assert.ok(shown.includes(JSON.stringify(expiry).slice(1, -1)), 'expiry in the reader’s time zone');
  assert.match(shown, /\\"graceful\\":true/);
  assert.match(shown, /Request ar_0123456789/);
  // What the proposer wrote is escaped: it cannot mention @channel or forge links.
  assert.match(shown, /leaks connections &lt;since&gt; the deploy &amp; latency is up/);
  assert.doesNotMatch(shown, /<since>/);
  assert.match(text, /^Approval needed: restart in production on services orders-api \(1 of 2 approvals\)/);
  assert.match(text, /&lt;since&gt;/);

  const [approve, reject] = buttons(blocks);
  assert.equal(buttons(blocks).length, 2);
  assert.deepEqual(
    { action_id: approve?.action_id, value: approve?.value, style: approve?.style, text: approve?.text.text },
    { action_id: 'steward_approve', value: 'ar_0123456789', style: 'primary', text: 'Approve' },
  );
  assert.ok(approve?.confirm !== undefined, 'approving asks for confirmation');
  assert.deepEqual(
    { action_id: reject?.action_id, value: reject?.value, style: reject?.style, text: reject?.text.text },
    { action_id: 'steward_reject', value: 'ar_0123456789', style: 'danger', text: 'Reject' },
  );
});

test('once decided or finished: no buttons, and the final status line', () => {
  const approvals = [
    { person: 'alice', decision: 'approve' },
    { person: 'bob', decision: 'approve' },
  ];
  const approved = approvalMessageBlocks(
    approvalRequest({ status: 'approved', approvedAtMs: createdAtMs + 60_000 }),
    { approvals, needed: 2 },
  );
  assert.deepEqual(buttons(approved.blocks), []);
  assert.equal(
    approved.blocks[0]?.type === 'header' && approved.blocks[0].text.text,
    'restart in production: approved',
  );
  assert.match(allText(approved.blocks), /:white_check_mark: \*Approved\* \(approved by alice, bob\)/);
  assert.match(allText(approved.blocks), /2 of 2 \(alice, bob\)/);
  assert.equal(approved.text, 'restart in production on services orders-api: approved');

  const rejected = approvalMessageBlocks(
    approvalRequest({
      status: 'rejected',
      outcomeReason: 'rejected by carol: not during <peak>',
      finishedAtMs: createdAtMs + 120_000,
    }),
    {
      approvals: [
        { person: 'alice', decision: 'approve' },
        { person: 'carol', decision: 'reject' },
      ],
      needed: 2,
    },
  );
  assert.deepEqual(buttons(rejected.blocks), []);
  const status = rejected.blocks.at(-1);
  assert.equal(status?.type, 'section');
  assert.match(
    JSON.stringify(status),
    /:no_entry_sign: \*Rejected\* by carol at <!date\^\d+\^[^|]+\|2026-01-15 10:02 UTC>: rejected by carol: not during &lt;peak&gt;/,
  );

  for (const [statusName, mark] of [
    ['expired', ':hourglass: *Expired*'],
    ['denied', ':no_entry: *Denied*'],
    ['executing', ':gear: *Executing*'],
    ['executed', ':white_check_mark: *Executed*'],
    ['failed', ':x: *Failed*'],
  ] as const) {
    const { blocks } = approvalMessageBlocks(approvalRequest({ status: statusName }), {
      approvals: [],
      needed: 2,
    });
    assert.deepEqual(buttons(blocks), [], statusName);
    assert.ok(allText(blocks).includes(mark), statusName);
  }
});

test('a wide action says so; long reasons and target lists are cut to what Slack takes', () => {
  const request = approvalRequest({
    targets: { services: Array.from({ length: 40 }, (_, index) => `svc-${index}`), hosts: ['h1'] },
    reason: 'x'.repeat(5_000),
    policy: { ...approvalRequest().policy, wide: true, notes: ['covers every instance of svc-0'] },
  });
  const { blocks, text } = approvalMessageBlocks(request, { approvals: [], needed: 1 });
  const shown = allText(blocks);
  assert.match(shown, /:warning: \*wide action\* · covers every instance of svc-0/);
  assert.match(shown, /svc-14 and 25 more; hosts h1/);
  for (const block of blocks) {
    if (block.type === 'section' && 'text' in block) assert.ok(block.text.text.length <= 3_000);
    if (block.type === 'section' && 'fields' in block) {
      assert.ok(block.fields.length <= 10);
      for (const field of block.fields) assert.ok(field.text.length <= 2_000);
    }
    if (block.type === 'header') assert.ok(block.text.text.length <= 150);
  }
  assert.ok(text.length < 4_000);
});

test('an approved request with a wait says when it runs', () => {
  const approvedAtMs = createdAtMs + 60_000;
  const { blocks } = approvalMessageBlocks(
    approvalRequest({
      status: 'approved',
      approvedAtMs,
      policy: { ...approvalRequest().policy, waitMinutes: 10 },
    }),
    { approvals: [{ person: 'alice', decision: 'approve' }], needed: 1 },
  );
  assert.match(
    JSON.stringify(blocks.at(-1)),
    /\*Approved\* \(approved by alice\) at <!date\^\d+\^[^|]+\|2026-01-15 10:01 UTC>; runs after <!date\^\d+\^[^|]+\|2026-01-15 10:11 UTC>/,
  );
});
