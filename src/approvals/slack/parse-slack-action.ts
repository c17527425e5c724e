import { z } from 'zod';
import { SlackPayloadError, type SlackPayloadIssue } from './slack-payload-error.ts';

/** `action_id` of the Approve button. */
export const slackApproveActionId = 'steward_approve';
/** `action_id` of the Reject button. */
export const slackRejectActionId = 'steward_reject';

/** A click on one of Steward's buttons, as far as deciding needs it. */
export interface SlackAction {
  /** Slack user id of the person who clicked (`U…` or `W…`). */
  personSlackId: string;
  decision: 'approve' | 'reject';
  requestId: string;
  /** Channel id the message is in. */
  channel: string;
  /** `ts` of the message the button is on. */
  messageTs: string;
}

const slackId = (example: string) =>
  z.string().regex(/^[A-Z][A-Z0-9]{2,40}$/, `expected a Slack id such as "${example}"`);
const messageTs = z
  .string()
  .regex(/^[0-9]{1,12}\.[0-9]{1,8}$/, 'expected a message ts such as "1700000000.000100"');

const blockActionsSchema = z.object({
  type: z.literal('block_actions', { error: 'expected "block_actions" (a button click)' }),
  user: z.object({ id: slackId('U012AB3CD') }),
  actions: z
    .array(
      z.object({
        action_id: z.enum([slackApproveActionId, slackRejectActionId], {
          error: `expected "${slackApproveActionId}" or "${slackRejectActionId}"`,
        }),
        value: z
          .string()
          .regex(/^ar_[0-9a-z]{1,64}$/, 'expected an approval request id such as "ar_0123456789"'),
      }),
    )
    .min(1, 'expected one action'),
  channel: z.object({ id: slackId('C012AB3CD') }),
  container: z.object({ message_ts: messageTs.optional() }).optional(),
  message: z.object({ ts: messageTs.optional() }).optional(),
});

/**
 * Reads a Slack interaction request body (`application/x-www-form-urlencoded`, one field `payload`
 * holding JSON) and returns the click on Steward's Approve or Reject button it describes. Anything
 * else throws {@link SlackPayloadError} naming the first bad field.
 */
export function parseSlackAction(rawBody: string): SlackAction {
  const payloadText = new URLSearchParams(rawBody).get('payload');
  if (payloadText === null || payloadText === '')
    throw new SlackPayloadError([
      { path: 'payload', message: 'expected a form field "payload" holding JSON' },
    ]);
  let payload: unknown;
  try {
    payload = JSON.parse(payloadText);
  } catch (error) {
    throw new SlackPayloadError([{ path: 'payload', message: `not JSON: ${(error as Error).message}` }]);
  }
  const parsed = blockActionsSchema.safeParse(payload);
  if (!parsed.success) {
    const issues: SlackPayloadIssue[] = parsed.error.issues.map((issue) => ({
      path: issue.path.length === 0 ? 'payload' : issue.path.map(String).join('.'),
      message: issue.message,
    }));
    throw new SlackPayloadError(issues as [SlackPayloadIssue, ...SlackPayloadIssue[]]);
  }
  const { user, actions, channel, container, message } = parsed.data;
  const action = actions[0]!;
  const ts = container?.message_ts ?? message?.ts;
  if (ts === undefined)
    throw new SlackPayloadError([
      { path: 'container.message_ts', message: 'expected the ts of the message the button is on' },
    ]);
  return {
    personSlackId: user.id,
    decision: action.action_id === slackApproveActionId ? 'approve' : 'reject',
    requestId: action.value,
    channel: channel.id,
    messageTs: ts,
  };
}
