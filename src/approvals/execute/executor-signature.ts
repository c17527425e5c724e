import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * `sha256=<hex HMAC-SHA256 of "<timestamp>.<body>">`, the `X-Steward-Signature` of a webhook step.
 * `timestamp` is the `X-Steward-Timestamp` header (unix seconds), `body` the raw request body.
 */
export function signExecutorBody(secret: string, timestamp: string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

export interface VerifyExecutorSignatureOptions {
  /** Refuse timestamps further than this from now (replays); default 300 s, `Infinity` to skip. */
  toleranceSeconds?: number;
  /** Now, in unix seconds; default the clock. */
  nowSeconds?: number;
}

/**
 * What a webhook receiver runs on every request: true when `header` (`X-Steward-Signature`) is the
 * HMAC of `<timestamp>.<body>` with the shared secret, compared in constant time, and `timestamp`
 * (`X-Steward-Timestamp`) is within `toleranceSeconds` of now. A missing or malformed header or
 * timestamp is simply not valid.
 */
export function verifyExecutorSignature(
  secret: string,
  timestamp: string | undefined,
  body: string,
  header: string | undefined,
  options: VerifyExecutorSignatureOptions = {},
): boolean {
  if (timestamp === undefined || !/^[0-9]{1,12}$/.test(timestamp)) return false;
  if (header === undefined || !/^sha256=[0-9a-f]{64}$/.test(header)) return false;
  const now = options.nowSeconds ?? Math.floor(Date.now() / 1000);
  if (Math.abs(now - Number(timestamp)) > (options.toleranceSeconds ?? 300)) return false;
  const expected = Buffer.from(signExecutorBody(secret, timestamp, body));
  const given = Buffer.from(header);
  return expected.length === given.length && timingSafeEqual(expected, given);
}
