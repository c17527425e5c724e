import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseSlackAction, SlackPayloadError } from '../../../src/approvals/slack/index.ts';
import { blockActionsPayload, interactionBody } from '../../support/slack-interactions.ts';

const click = (overrides: Record<string, unknown> = {}) => ({
  ...blockActionsPayload({ userId: 'U012AB3CD', actionId: 'steward_approve', value: 'ar_0123456789' }),
  ...overrides,
});

function refusedField(body: string): string {
  try {
    parseSlackAction(body);
  } catch (error) {
    assert.ok(error instanceof SlackPayloadError, String(error));
    return error.field;
  }
  assert.fail('expected a SlackPayloadError');
}

test('a click on Approve or Reject becomes a decision on the request in the button value', () => {
  assert.deepEqual(parseSlackAction(interactionBody(click())), {
    personSlackId: 'U012AB3CD',
    decision: 'approve',
    requestId: 'ar_0123456789',
    channel: 'C0APPROVAL',
    messageTs: '1700000001.000100',
  });
  const reject = blockActionsPayload({
    userId: 'W0ENTERPRISE',
    actionId: 'steward_reject',
    value: 'ar_ffffffffff',
  });
  const parsed = parseSlackAction(interactionBody(reject));
  assert.equal(parsed.decision, 'reject');
  assert.equal(parsed.personSlackId, 'W0ENTERPRISE');
  assert.equal(parsed.requestId, 'ar_ffffffffff');
  // Without container.message_ts, message.ts names the message.
  const { container: _container, ...withoutContainer } = click();
  assert.equal(parseSlackAction(interactionBody(withoutContainer)).messageTs, '1700000001.000100');
});

test('a malformed payload names the bad field', () => {
  assert.equal(refusedField(''), 'payload');
  assert.equal(refusedField('other=1'), 'payload');
  assert.equal(refusedField('payload=%7Bnot-json'), 'payload');
  assert.equal(refusedField(interactionBody([])), 'payload');
  assert.equal(refusedField(interactionBody(click({ type: 'view_submission' }))), 'type');
  assert.equal(refusedField(interactionBody(click({ user: { id: 'alice' } }))), 'user.id');
  assert.equal(refusedField(interactionBody(click({ actions: [] }))), 'actions');
  assert.equal(
    refusedField(
      interactionBody(click({ actions: [{ action_id: 'other_button', value: 'ar_0123456789' }] })),
    ),
    'actions.0.action_id',
  );
  assert.equal(
    refusedField(
      interactionBody(click({ actions: [{ action_id: 'steward_approve', value: 'drop table' }] })),
    ),
    'actions.0.value',
  );
  assert.equal(refusedField(interactionBody(click({ channel: undefined }))), 'channel');
  assert.equal(
    refusedField(interactionBody(click({ container: { type: 'message' }, message: undefined }))),
    'container.message_ts',
  );
  try {
    parseSlackAction(interactionBody(click({ user: { id: 'alice' } })));
  } catch (error) {
    assert.match((error as Error).message, /user\.id: expected a Slack id/);
  }
});
