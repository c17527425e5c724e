import { verify } from '@octokit/webhooks-methods';

/**
 * Checks `X-Hub-Signature-256` (`sha256=<hex HMAC of the raw body>`) in constant time. A missing or
 * malformed header is simply not valid.
 */
export async function verifyWebhookSignature(
  secret: string,
  rawBody: string,
  signature: string | undefined,
): Promise<boolean> {
  if (signature === undefined || !/^sha256=[0-9a-f]{64}$/.test(signature) || rawBody === '') return false;
  return verify(secret, rawBody, signature);
}
