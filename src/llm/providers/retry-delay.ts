/** How long to wait between attempts that the provider answered with 408, 409, 429 or 5xx. */
export interface RetryPolicy {
  /** Backoff before the first retry; doubles on each further retry. Default 1,000 ms. */
  initialDelayMs: number;
  /** Upper bound of the exponential backoff. Default 30,000 ms. */
  maxDelayMs: number;
  /**
   * The longest `Retry-After` honoured. When the provider asks for a longer wait, the call fails
   * at once as `rate_limited` (with `retryAfterMs`) so the caller can fall back. Default 60,000 ms.
   */
  maxRetryAfterMs: number;
}

export const defaultRetryPolicy: RetryPolicy = {
  initialDelayMs: 1_000,
  maxDelayMs: 30_000,
  maxRetryAfterMs: 60_000,
};

/**
 * Exponential backoff with jitter for the retry after `attempt` (1-based): a random wait between
 * half and all of `min(maxDelayMs, initialDelayMs * 2^(attempt-1))`.
 */
export function backoffDelayMs(attempt: number, policy: RetryPolicy, random: () => number): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.initialDelayMs * 2 ** (attempt - 1));
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}

/**
 * The wait a response asks for: `retry-after-ms` (milliseconds, OpenAI), else `retry-after` in
 * seconds or as an HTTP date. Undefined when absent or unparseable; never negative.
 */
export function retryAfterMs(
  headers: Readonly<Record<string, string>> | undefined,
  nowMs: number,
): number | undefined {
  if (headers === undefined) return undefined;
  const milliseconds = parseNumber(header(headers, 'retry-after-ms'));
  if (milliseconds !== undefined) return milliseconds;
  const value = header(headers, 'retry-after');
  if (value === undefined) return undefined;
  const seconds = parseNumber(value);
  if (seconds !== undefined) return Math.round(seconds * 1000);
  // An HTTP date always names its month; Date.parse alone would take "-4" for a year.
  const date = /[A-Za-z]/.test(value) ? Date.parse(value) : Number.NaN;
  return Number.isNaN(date) ? undefined : Math.max(0, date - nowMs);
}

function header(headers: Readonly<Record<string, string>>, name: string): string | undefined {
  for (const [key, value] of Object.entries(headers)) {
    if (key.toLowerCase() === name) return value.trim();
  }
  return undefined;
}

function parseNumber(value: string | undefined): number | undefined {
  if (value === undefined || !/^\d+(\.\d+)?$/.test(value)) return undefined;
  return Number(value);
}
