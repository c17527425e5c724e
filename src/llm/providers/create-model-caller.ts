import { setTimeout as delay } from 'node:timers/promises';
import { type CallWarning, generateText, type LanguageModel, Output } from 'ai';
import {
  createLanguageModel,
  type FetchFunction,
  type ResolvedLanguageModel,
} from './create-language-model.ts';
import type { CallModel, ModelRequest, ModelResult } from './model-request.ts';
import { type UsageCounting, usageCountingOf, usageFromSdk } from './model-usage.ts';
import { ProviderError } from './provider-error.ts';
import { providerErrorFrom, requestIdFrom } from './provider-error-from.ts';
import type { ProviderSettings } from './provider-settings.ts';
import { backoffDelayMs, defaultRetryPolicy, type RetryPolicy } from './retry-delay.ts';

/** Waits `ms`; rejects when `signal` aborts. */
export type Sleep = (ms: number, signal: AbortSignal | undefined) => Promise<void>;

export interface ModelCallerOptions {
  settings: ProviderSettings;
  /** Passed to every provider client. Default: the global fetch. */
  fetch?: FetchFunction;
  /** Waits between attempts. Default: a real timer. */
  sleep?: Sleep;
  /** Jitter source in [0, 1). Default: Math.random. */
  random?: () => number;
  /** Epoch milliseconds, to read `Retry-After` dates. Default: Date.now. */
  now?: () => number;
  retryPolicy?: Partial<RetryPolicy>;
}

const realSleep: Sleep = async (ms, signal) => {
  await delay(ms, undefined, signal === undefined ? {} : { signal });
};

/**
 * Returns `callModel`: one model call with a per-attempt timeout, retries (SDK retries off) only on
 * answers that cost nothing (408, 409, 429, 5xx), and every failure as a ProviderError.
 * Timeouts and broken connections are not retried here: the provider may have done, and billed,
 * the work; the caller decides with its budget in view.
 */
export function createModelCaller(options: ModelCallerOptions): CallModel {
  const sleep = options.sleep ?? realSleep;
  const random = options.random ?? Math.random;
  const now = options.now ?? Date.now;
  const policy: RetryPolicy = { ...defaultRetryPolicy, ...options.retryPolicy };
  const models = new Map<string, ResolvedLanguageModel>();

  const resolve = (provider: string, model: string): ResolvedLanguageModel => {
    const key = `${provider}\u0000${model}`;
    let resolved = models.get(key);
    if (resolved === undefined) {
      resolved = createLanguageModel({
        settings: options.settings,
        provider,
        model,
        ...(options.fetch === undefined ? {} : { fetch: options.fetch }),
      });
      models.set(key, resolved);
    }
    return resolved;
  };

  return async function callModel<Output = unknown>(
    request: ModelRequest<Output>,
  ): Promise<ModelResult<Output>> {
    validateRequest(request);
    const resolved = resolve(request.provider, request.model);
    const usageCounting = usageCountingOf(resolved.wire);
    const { provider, model, signal } = request;

    for (let attempt = 1; ; attempt += 1) {
      if (isAborted(signal)) throw cancelledBetweenAttempts(request, attempt - 1, signal?.reason);
      const timeoutSignal = AbortSignal.timeout(request.timeoutMs);
      try {
        return await attemptCall(request, resolved, usageCounting, timeoutSignal, attempt);
      } catch (error) {
        if (error instanceof ProviderError) throw error;
        const failure = providerErrorFrom(error, {
          provider,
          model,
          attempt,
          timeoutMs: request.timeoutMs,
          callerSignal: signal,
          timeoutSignal,
          usageCounting,
          nowMs: now(),
        });
        if (failure === undefined) throw error;
        const answeredWithRetryableStatus = failure.statusCode !== undefined && failure.isRetryable;
        if (!answeredWithRetryableStatus || attempt > request.maxRetries) throw failure;
        if (failure.retryAfterMs !== undefined && failure.retryAfterMs > policy.maxRetryAfterMs)
          throw failure;
        const wait = failure.retryAfterMs ?? backoffDelayMs(attempt, policy, random);
        try {
          await sleep(wait, signal);
        } catch (sleepError) {
          if (isAborted(signal)) throw cancelledBetweenAttempts(request, attempt, sleepError);
          throw sleepError;
        }
      }
    }
  };
}

async function attemptCall<Output>(
  request: ModelRequest<Output>,
  resolved: ResolvedLanguageModel,
  usageCounting: UsageCounting,
  timeoutSignal: AbortSignal,
  attempt: number,
): Promise<ModelResult<Output>> {
  const abortSignal =
    request.signal === undefined ? timeoutSignal : AbortSignal.any([request.signal, timeoutSignal]);
  const output = request.schema === undefined ? undefined : Output.object({ schema: request.schema });
  const result = await generateText({
    model: resolved.model satisfies LanguageModel,
    ...(request.system === undefined ? {} : { instructions: request.system }),
    messages: request.messages.map((message) => ({ role: message.role, content: message.content })),
    maxOutputTokens: request.maxOutputTokens,
    ...(request.temperature === undefined ? {} : { temperature: request.temperature }),
    ...(output === undefined ? {} : { output }),
    ...(resolved.wire === 'openai-responses' ? { providerOptions: { openai: { store: false } } } : {}),
    maxRetries: 0,
    abortSignal,
  });

  const usage = usageFromSdk(result.usage, usageCounting);
  const providerRequestId = requestIdFrom(result.response.headers) ?? bodyId(result.response.body);
  const common = {
    text: result.text,
    usage,
    usageCounting,
    finishReason: result.finishReason,
    attempts: attempt,
    warnings: (result.warnings ?? []).map(formatWarning),
    ...(providerRequestId === undefined ? {} : { providerRequestId }),
  };
  if (output === undefined) return common;

  let parsed: Output;
  try {
    parsed = result.output as Output;
  } catch (error) {
    throw new ProviderError(
      `${request.provider}:${request.model} returned no structured output (finish reason: ${result.finishReason}).`,
      {
        provider: request.provider,
        model: request.model,
        kind: 'bad_response',
        attempts: attempt,
        cause: error,
        ...(usage === undefined ? {} : { usage }),
        ...(providerRequestId === undefined ? {} : { providerRequestId }),
      },
    );
  }
  return { ...common, output: parsed };
}

function cancelledBetweenAttempts(
  request: ModelRequest<unknown>,
  attempts: number,
  cause: unknown,
): ProviderError {
  return new ProviderError(`The call to ${request.provider}:${request.model} was cancelled.`, {
    provider: request.provider,
    model: request.model,
    kind: 'cancelled',
    attempts,
    requestSent: false,
    cause,
  });
}

function isAborted(signal: AbortSignal | undefined): boolean {
  return signal?.aborted === true;
}

function validateRequest(request: ModelRequest<unknown>): void {
  if (!Number.isInteger(request.maxOutputTokens) || request.maxOutputTokens <= 0) {
    throw new RangeError(`maxOutputTokens must be a positive integer, got ${request.maxOutputTokens}`);
  }
  if (!Number.isFinite(request.timeoutMs) || request.timeoutMs <= 0) {
    throw new RangeError(`timeoutMs must be a positive number, got ${request.timeoutMs}`);
  }
  if (!Number.isInteger(request.maxRetries) || request.maxRetries < 0) {
    throw new RangeError(`maxRetries must be a non-negative integer, got ${request.maxRetries}`);
  }
}

function bodyId(body: unknown): string | undefined {
  if (typeof body !== 'object' || body === null || !('id' in body)) return undefined;
  return typeof body.id === 'string' ? body.id : undefined;
}

function formatWarning(warning: CallWarning): string {
  switch (warning.type) {
    case 'unsupported':
      return `unsupported ${warning.feature}${warning.details === undefined ? '' : `: ${warning.details}`}`;
    case 'compatibility':
      return `compatibility mode for ${warning.feature}${warning.details === undefined ? '' : `: ${warning.details}`}`;
    case 'deprecated':
      return `deprecated ${warning.setting}: ${warning.message}`;
    default:
      return 'message' in warning && typeof warning.message === 'string'
        ? warning.message
        : JSON.stringify(warning);
  }
}
