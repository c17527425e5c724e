import { createHmac, timingSafeEqual } from 'node:crypto';

/** Slack refuses requests whose timestamp is further than this from now; so does Steward. */
export const slackTimestampToleranceMs = 5 * 60 * 1000;

/** Why a request is not taken as Slack's. */
export type SlackSignatureFailure =
  | 'missing_headers'
  | 'malformed_headers'
  | 'stale_timestamp'
  | 'future_timestamp'
  | 'bad_signature';

/** The outcome of {@link verifySlackSignature}: ok, or why not (the message is safe to answer with). */
export type SlackSignatureCheck =
  | { ok: true }
  | { ok: false; reason: SlackSignatureFailure; message: string };

export interface SlackSignatureInput {
  /** The body exactly as received: the signature covers these bytes. */
  rawBody: string | Uint8Array;
  /** `X-Slack-Request-Timestamp`: unix seconds. */
  timestamp: string | undefined;
  /** `X-Slack-Signature`: `v0=<hex HMAC-SHA256>`. */
  signature: string | undefined;
  /** `SLACK_SIGNING_SECRET`. */
  signingSecret: string;
  nowMs: number;
}

/**
 * Checks a request signed by Slack: `X-Slack-Signature` must be `v0=` and the hex HMAC-SHA256, with
 * the signing secret, of `v0:<timestamp>:<raw body>`, compared in constant time; the timestamp must be
 * within 5 minutes of now either way, so that an old request cannot be replayed later.
 */
export function verifySlackSignature(input: SlackSignatureInput): SlackSignatureCheck {
  const { timestamp, signature } = input;
  if (timestamp === undefined || timestamp === '' || signature === undefined || signature === '')
    return {
      ok: false,
      reason: 'missing_headers',
      message: 'missing X-Slack-Request-Timestamp or X-Slack-Signature: is this request from Slack?',
    };
  if (!/^[0-9]{1,12}$/.test(timestamp))
    return {
      ok: false,
      reason: 'malformed_headers',
      message: 'X-Slack-Request-Timestamp is not a unix time in seconds',
    };
  if (!/^v0=[0-9a-fA-F]{64}$/.test(signature))
    return {
      ok: false,
      reason: 'malformed_headers',
      message: 'X-Slack-Signature is not "v0=<hex HMAC-SHA256>"',
    };
  const skewMs = input.nowMs - Number(timestamp) * 1000;
  if (skewMs > slackTimestampToleranceMs)
    return {
      ok: false,
      reason: 'stale_timestamp',
      message: 'X-Slack-Request-Timestamp is more than 5 minutes old: refused as a possible replay',
    };
  if (skewMs < -slackTimestampToleranceMs)
    return {
      ok: false,
      reason: 'future_timestamp',
      message: 'X-Slack-Request-Timestamp is more than 5 minutes in the future: check the server clock',
    };
  const expected = createHmac('sha256', input.signingSecret)
    .update(`v0:${timestamp}:`)
    .update(input.rawBody)
    .digest();
  const given = Buffer.from(signature.slice(3), 'hex');
  // Both are 32 bytes: the format was checked above.
  if (given.length !== expected.length || !timingSafeEqual(given, expected))
    return {
      ok: false,
      reason: 'bad_signature',
      message: 'X-Slack-Signature does not match the body: check SLACK_SIGNING_SECRET',
    };
  return { ok: true };
}
