import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

export type SourceAuth = 'bearer' | 'hmac' | 'none';

/** Compares two strings in constant time (by their SHA-256 digests, so lengths do not leak either). */
export function sameSecret(given: string, expected: string): boolean {
  const digest = (text: string) => createHash('sha256').update(text).digest();
  return timingSafeEqual(digest(given), digest(expected));
}

/**
 * Checks a request of an alert source: `Authorization: Bearer <secret>`, or `X-Steward-Signature:
 * sha256=<hex HMAC-SHA256 of the raw body with the secret>`. Returns what is wrong, or undefined.
 */
export function checkSourceAuth(
  auth: SourceAuth,
  secret: string | undefined,
  request: { authorization: string | undefined; signature: string | undefined; rawBody: string },
  secretVariable: string,
): { status: 401 | 503; error: string } | undefined {
  if (auth === 'none') return undefined;
  if (secret === undefined || secret === '')
    return {
      status: 503,
      error: `${secretVariable} is not set on the server: this source cannot be verified`,
    };
  if (auth === 'bearer') {
    const match = /^Bearer (.+)$/.exec(request.authorization ?? '');
    if (match === null) return { status: 401, error: 'missing Authorization: Bearer <token>' };
    return sameSecret(match[1]!, secret)
      ? undefined
      : { status: 401, error: 'the bearer token is not valid' };
  }
  const signature = request.signature ?? '';
  if (!/^sha256=[0-9a-f]{64}$/.test(signature))
    return { status: 401, error: 'missing X-Steward-Signature: sha256=<HMAC-SHA256 of the body>' };
  const expected = `sha256=${createHmac('sha256', secret).update(request.rawBody).digest('hex')}`;
  return sameSecret(signature, expected)
    ? undefined
    : { status: 401, error: 'X-Steward-Signature does not match the body' };
}
