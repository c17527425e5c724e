import { StewardError } from '../../errors/index.ts';
import type { ModelUsage } from './model-usage.ts';

/**
 * - `rate_limited`: 429.
 * - `server`: 5xx, 409.
 * - `timeout`: the per-attempt timeout fired, or the provider answered 408.
 * - `network`: the connection failed or broke, e.g. the response was cut off mid-body.
 * - `cancelled`: the caller's AbortSignal fired.
 * - `bad_response`: the provider answered 2xx but the answer is unusable: unparseable, or structured
 *   output that is not JSON or fails the schema.
 * - `auth`: 401, 403.
 * - `client`: any other 4xx: the request itself was rejected.
 */
export type ProviderErrorKind =
  | 'rate_limited'
  | 'server'
  | 'timeout'
  | 'network'
  | 'cancelled'
  | 'bad_response'
  | 'auth'
  | 'client';

export interface ProviderErrorDetails {
  provider: string;
  model: string;
  kind: ProviderErrorKind;
  statusCode?: number;
  /** Attempts made, the failing one included; 0 when cancelled before the first. */
  attempts: number;
  /** Set when the provider reported usage before the failure (e.g. output that failed the schema). */
  usage?: ModelUsage;
  /** The provider's request id (`x-request-id` / `request-id`), when it answered. */
  providerRequestId?: string;
  /** The wait the provider asked for (`Retry-After`, `retry-after-ms`). */
  retryAfterMs?: number;
  /** Whether a request was sent in the failing attempt. */
  requestSent?: boolean;
  hint?: string;
  cause?: unknown;
}

/** A model call failed. The fields tell the caller whether to retry, fall back, or give up. */
export class ProviderError extends StewardError {
  readonly provider: string;
  readonly model: string;
  readonly kind: ProviderErrorKind;
  readonly statusCode: number | undefined;
  readonly attempts: number;
  readonly usage: ModelUsage | undefined;
  readonly providerRequestId: string | undefined;
  readonly retryAfterMs: number | undefined;
  /** The same request to the same model may succeed later: rate_limited, server, timeout, network. */
  readonly isRetryable: boolean;
  /**
   * Another model (a tier's fallback) may succeed: every kind except `cancelled` and `client`,
   * but `client` 404 (the endpoint does not know this model) is worth a fallback.
   */
  readonly fallbackWorthwhile: boolean;
  /**
   * The provider may have processed, and billed, the failing attempt without reporting usage:
   * timeout, network, cancelled after the request was sent. Attempts answered with an HTTP error
   * are not billed; retried attempts always are such. When `usage` is set, it is the bill.
   */
  readonly mayHaveBeenBilled: boolean;

  constructor(message: string, details: ProviderErrorDetails) {
    super(message, {
      ...(details.hint === undefined ? {} : { hint: details.hint }),
      ...(details.cause === undefined ? {} : { cause: details.cause }),
    });
    this.provider = details.provider;
    this.model = details.model;
    this.kind = details.kind;
    this.statusCode = details.statusCode;
    this.attempts = details.attempts;
    this.usage = details.usage;
    this.providerRequestId = details.providerRequestId;
    this.retryAfterMs = details.retryAfterMs;
    this.isRetryable = retryableKinds.has(details.kind);
    this.fallbackWorthwhile =
      details.kind !== 'cancelled' && (details.kind !== 'client' || details.statusCode === 404);
    const answeredWithError = details.statusCode !== undefined && details.statusCode >= 400;
    this.mayHaveBeenBilled =
      details.kind === 'bad_response' ||
      ((details.kind === 'timeout' || details.kind === 'network' || details.kind === 'cancelled') &&
        !answeredWithError &&
        details.requestSent !== false);
  }
}

const retryableKinds: ReadonlySet<ProviderErrorKind> = new Set([
  'rate_limited',
  'server',
  'timeout',
  'network',
]);
