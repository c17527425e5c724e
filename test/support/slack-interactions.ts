import { createHmac } from 'node:crypto';

export const slackSigningSecret = 'test-slack-signing-secret-0123456789';

/** The headers Slack sends with a request: its timestamp and `v0=` HMAC-SHA256 signature of the body. */
export function signSlackRequest(
  body: string,
  options: { secret?: string; timestampSeconds?: number } = {},
): { 'x-slack-request-timestamp': string; 'x-slack-signature': string } {
  const timestamp = String(options.timestampSeconds ?? Math.floor(Date.now() / 1000));
  const hmac = createHmac('sha256', options.secret ?? slackSigningSecret)
    .update(`v0:${timestamp}:${body}`)
    .digest('hex');
  return { 'x-slack-request-timestamp': timestamp, 'x-slack-signature': `v0=${hmac}` };
}

/** A `block_actions` payload as Slack sends it when a button of a message is clicked. */
export function blockActionsPayload(options: {
  userId: string;
  actionId: string;
  value: string;
  channel?: string;
  messageTs?: string;
}): Record<string, unknown> {
  const channel = options.channel ?? 'C0APPROVAL';
  const ts = options.messageTs ?? '1700000001.000100';
  return {
    type: 'block_actions',
    user: { id: options.userId, username: 'someone', name: 'someone', team_id: 'T0TEAM' },
    api_app_id: 'A0APP',
    token: 'deprecated-verification-token',
    container: { type: 'message', message_ts: ts, channel_id: channel, is_ephemeral: false },
    trigger_id: '123.456.abc',
    team: { id: 'T0TEAM', domain: 'example' },
    channel: { id: channel, name: 'approvals' },
    message: { type: 'message', ts, text: 'Approval needed' },
    response_url: 'https://hooks.slack.com/actions/T0TEAM/1/abc',
    actions: [
      {
        action_id: options.actionId,
        block_id: 'steward_decision',
        text: { type: 'plain_text', text: 'Approve', emoji: true },
        value: options.value,
        style: 'primary',
        type: 'button',
        action_ts: '1700000002.000200',
      },
    ],
  };
}

/** The form body Slack POSTs: `payload=<url-encoded JSON>`. */
export function interactionBody(payload: unknown): string {
  return new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
}

/** POSTs an interaction to `url` as Slack does, signed unless `headers` says otherwise. */
export function postInteraction(
  url: string,
  body: string,
  headers: Record<string, string> = signSlackRequest(body),
): Promise<Response> {
  return fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
    body,
  });
}
