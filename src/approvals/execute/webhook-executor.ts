import { ConfigError } from '../../errors/index.ts';
import { abortReason, errorText } from './error-text.ts';
import type { ExecutionStep, Executor, ExecutorResult } from './executor.ts';
import { signExecutorBody } from './executor-signature.ts';
import { stepPayload } from './step-payload.ts';

export interface WebhookExecutorOptions {
  /** `approvals.executor.webhook_url`. */
  url: string;
  /** `STEWARD_EXECUTOR_SECRET`; required. */
  secret: string | undefined;
  /** Per step, answer included. */
  timeoutSeconds: number;
  fetch?: typeof fetch;
  /** Unix seconds for `X-Steward-Timestamp`; default the clock. */
  nowSeconds?: () => number;
}

/** Status codes of a 4xx answer that mean "later", not "no": retried like a 5xx. */
const retryableClientStatuses = new Set([408, 425, 429]);
const detailLength = 500;

/**
 * POSTs each step as JSON (snake_case keys) with `Idempotency-Key`, `X-Steward-Timestamp` (unix seconds)
 * and `X-Steward-Signature: sha256=<hex HMAC-SHA256 of "<timestamp>.<body>">` keyed with
 * `STEWARD_EXECUTOR_SECRET` (see `verifyExecutorSignature`). 2xx is done; 408, 425, 429, 5xx, network
 * failures, the timeout and an abort are retryable; other answers (4xx, and 3xx: redirects are not
 * followed, a redirected POST would lose its body) are not. Never throws for HTTP failures.
 */
export function createWebhookExecutor(options: WebhookExecutorOptions): Executor {
  const secret = options.secret ?? '';
  if (secret === '') {
    throw new ConfigError(
      [
        {
          source: 'STEWARD_EXECUTOR_SECRET',
          path: '',
          message: 'required with approvals.executor.webhook_url: it signs every step sent',
        },
      ],
      'set STEWARD_EXECUTOR_SECRET (at least 16 characters) and give the receiver the same value',
    );
  }
  const send = options.fetch ?? fetch;
  const now = options.nowSeconds ?? (() => Math.floor(Date.now() / 1000));
  const timeoutMs = options.timeoutSeconds * 1000;

  return {
    async run(step: ExecutionStep, signal: AbortSignal): Promise<ExecutorResult> {
      if (signal.aborted)
        return { ok: false, detail: `aborted before sending: ${abortReason(signal)}`, retryable: true };
      const body = JSON.stringify(stepPayload(step));
      const timestamp = String(now());
      const timeout = AbortSignal.timeout(timeoutMs);
      const combined = AbortSignal.any([signal, timeout]);
      let status: number;
      let text: string;
      try {
        const response = await send(options.url, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            'idempotency-key': step.idempotencyKey,
            'x-steward-timestamp': timestamp,
            'x-steward-signature': signExecutorBody(secret, timestamp, body),
          },
          body,
          redirect: 'manual',
          signal: combined,
        });
        status = response.status;
        text = await readStart(response, 4 * detailLength);
      } catch (error) {
        if (signal.aborted) return { ok: false, detail: `aborted: ${abortReason(signal)}`, retryable: true };
        if (timeout.aborted) {
          return { ok: false, detail: `no answer within ${options.timeoutSeconds} s`, retryable: true };
        }
        return { ok: false, detail: `request failed: ${errorText(error)}`, retryable: true };
      }
      const detail = `${status}${text === '' ? '' : ` ${text.slice(0, detailLength)}`}`;
      if (status >= 200 && status < 300) return { ok: true, detail };
      if (status >= 500 || retryableClientStatuses.has(status)) return { ok: false, detail, retryable: true };
      if (status >= 300 && status < 400) {
        return {
          ok: false,
          detail: `${detail} (redirects are not followed: set webhook_url to the final URL)`,
          retryable: false,
        };
      }
      return { ok: false, detail, retryable: false };
    },
  };
}

/** The first `limit` characters of a body (about), without reading a huge one to its end. */
async function readStart(response: Response, limit: number): Promise<string> {
  if (response.body === null) return '';
  const decoder = new TextDecoder();
  const reader = response.body.getReader();
  let text = '';
  try {
    while (text.length < limit) {
      const { done, value } = await reader.read();
      if (done) break;
      text += decoder.decode(value, { stream: true });
    }
    text += decoder.decode();
  } finally {
    await reader.cancel().catch(() => {});
  }
  return text.trim();
}
