import {
  APICallError,
  EmptyResponseBodyError,
  InvalidResponseDataError,
  JSONParseError,
  NoContentGeneratedError,
  NoObjectGeneratedError,
  NoOutputGeneratedError,
  TypeValidationError,
} from 'ai';
import { type ModelUsage, type UsageCounting, usageFromSdk } from './model-usage.ts';
import { ProviderError, type ProviderErrorKind } from './provider-error.ts';
import { retryAfterMs } from './retry-delay.ts';

export interface FailureContext {
  provider: string;
  model: string;
  attempt: number;
  timeoutMs: number;
  callerSignal: AbortSignal | undefined;
  timeoutSignal: AbortSignal;
  usageCounting: UsageCounting;
  nowMs: number;
}

/** Maps what the AI SDK threw during one attempt to a ProviderError; undefined for anything unexpected (a bug). */
export function providerErrorFrom(error: unknown, context: FailureContext): ProviderError | undefined {
  const { provider, model, attempt } = context;
  const base = { provider, model, attempts: attempt, cause: error };
  const name = `${provider}:${model}`;

  if (context.callerSignal?.aborted === true) {
    return new ProviderError(`The call to ${name} was cancelled.`, { ...base, kind: 'cancelled' });
  }
  if (context.timeoutSignal.aborted || (error instanceof Error && error.name === 'TimeoutError')) {
    return new ProviderError(`${name} did not answer within ${context.timeoutMs} ms.`, {
      ...base,
      kind: 'timeout',
      hint: 'Raise the timeout for this call, or use a faster model.',
    });
  }

  if (APICallError.isInstance(error)) {
    const headers = error.responseHeaders;
    const requestId = requestIdFrom(headers);
    const status = error.statusCode;
    if (status !== undefined && status >= 400) {
      const kind = kindOfStatus(status);
      const wait = retryAfterMs(headers, context.nowMs);
      return new ProviderError(`${name} answered HTTP ${status}: ${error.message}`, {
        ...base,
        kind,
        statusCode: status,
        ...(requestId === undefined ? {} : { providerRequestId: requestId }),
        ...(wait === undefined ? {} : { retryAfterMs: wait }),
        ...hintFor(kind, provider),
      });
    }
    const kind: ProviderErrorKind = error.isRetryable ? 'network' : 'bad_response';
    const message =
      kind === 'network'
        ? `The connection to ${name} failed: ${error.message}`
        : `${name} sent a response that cannot be read: ${error.message}`;
    return new ProviderError(message, {
      ...base,
      kind,
      ...(requestId === undefined ? {} : { providerRequestId: requestId }),
    });
  }

  if (NoObjectGeneratedError.isInstance(error)) {
    const usage = usageFromSdk(error.usage, context.usageCounting);
    const requestId = requestIdFrom(error.response?.headers);
    return badResponse(
      `${name} returned output that does not match the schema: ${error.message}`,
      base,
      usage,
      requestId,
    );
  }
  if (
    NoOutputGeneratedError.isInstance(error) ||
    TypeValidationError.isInstance(error) ||
    JSONParseError.isInstance(error) ||
    InvalidResponseDataError.isInstance(error) ||
    EmptyResponseBodyError.isInstance(error) ||
    NoContentGeneratedError.isInstance(error)
  ) {
    return badResponse(`${name} sent an unusable response: ${error.message}`, base, undefined, undefined);
  }
  return undefined;
}

export function requestIdFrom(headers: Readonly<Record<string, string>> | undefined): string | undefined {
  return headers?.['x-request-id'] ?? headers?.['request-id'];
}

function badResponse(
  message: string,
  base: { provider: string; model: string; attempts: number; cause: unknown },
  usage: ModelUsage | undefined,
  requestId: string | undefined,
): ProviderError {
  return new ProviderError(message, {
    ...base,
    kind: 'bad_response',
    ...(usage === undefined ? {} : { usage }),
    ...(requestId === undefined ? {} : { providerRequestId: requestId }),
  });
}

function kindOfStatus(status: number): ProviderErrorKind {
  if (status === 401 || status === 403) return 'auth';
  if (status === 408) return 'timeout';
  if (status === 429) return 'rate_limited';
  if (status === 409 || status >= 500) return 'server';
  return 'client';
}

function hintFor(kind: ProviderErrorKind, provider: string): { hint?: string } {
  if (kind !== 'auth') return {};
  if (provider === 'openai') return { hint: 'Check OPENAI_API_KEY: it was rejected.' };
  if (provider === 'anthropic') return { hint: 'Check ANTHROPIC_API_KEY: it was rejected.' };
  return { hint: `Check the API key configured for the "${provider}" endpoint: it was rejected.` };
}
