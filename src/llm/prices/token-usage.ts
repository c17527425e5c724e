import { InvalidUsageError } from './invalid-usage-error.ts';

/**
 * How a provider counts input tokens when prompt caching is involved.
 * - `openai`: `inputTokens` is the whole prompt, cached tokens included (`prompt_tokens` with
 *   `prompt_tokens_details.cached_tokens`). OpenAI-compatible endpoints report the same way.
 * - `anthropic`: `inputTokens` is only the uncached part; cache reads (`cache_read_input_tokens`) and
 *   cache writes (`cache_creation_input_tokens`) are reported on top of it.
 */
export type UsageConvention = 'openai' | 'anthropic';

/** The usage convention of a provider: Anthropic's own, or OpenAI's for OpenAI and compatible endpoints. */
export function usageConventionOf(provider: string): UsageConvention {
  return provider === 'anthropic' ? 'anthropic' : 'openai';
}

/** Token usage as a provider reports it, in that provider's convention. Missing cache fields count as 0. */
export interface ReportedUsage {
  inputTokens: number;
  /** Input tokens read from the prompt cache. */
  cachedInputTokens?: number | undefined;
  /** Input tokens written to the prompt cache, all lifetimes together. */
  cacheWriteTokens?: number | undefined;
  /** The part of `cacheWriteTokens` written with a 1-hour lifetime (Anthropic's `ephemeral_1h_input_tokens`). */
  cacheWriteOneHourTokens?: number | undefined;
  /** Output tokens, reasoning or thinking tokens included (both providers bill them as output). */
  outputTokens: number;
}

/** Token usage split by how each part is billed. The input parts are disjoint: together they are the prompt. */
export interface NormalizedUsage {
  uncachedInputTokens: number;
  cacheReadTokens: number;
  /** Written to a 5-minute cache. */
  cacheWriteTokens: number;
  /** Written to a 1-hour cache. */
  cacheWriteOneHourTokens: number;
  outputTokens: number;
}

/**
 * Normalises usage reported in `convention`. Usage that cannot be right (a negative, fractional or
 * non-numeric count; cached tokens exceeding OpenAI's input total; 1-hour writes exceeding all writes)
 * is refused with an InvalidUsageError rather than guessed at or clamped.
 */
export function normalizeUsage(convention: UsageConvention, reported: ReportedUsage): NormalizedUsage {
  return convention === 'anthropic' ? normalizeAnthropicUsage(reported) : normalizeOpenAiUsage(reported);
}

/** OpenAI's convention: input includes cache reads (and cache writes, where an endpoint reports them). */
export function normalizeOpenAiUsage(reported: ReportedUsage): NormalizedUsage {
  const { input, cacheRead, cacheWrite, cacheWriteOneHour, output } = readCounts(reported);
  if (cacheRead + cacheWrite > input) {
    throw new InvalidUsageError(
      'cachedInputTokens',
      `cached and cache-written tokens (${cacheRead} + ${cacheWrite}) exceed inputTokens (${input}), ` +
        'which include them in OpenAI’s convention',
    );
  }
  return {
    uncachedInputTokens: input - cacheRead - cacheWrite,
    cacheReadTokens: cacheRead,
    cacheWriteTokens: cacheWrite - cacheWriteOneHour,
    cacheWriteOneHourTokens: cacheWriteOneHour,
    outputTokens: output,
  };
}

/** Anthropic's convention: cache reads and writes are reported on top of input. */
export function normalizeAnthropicUsage(reported: ReportedUsage): NormalizedUsage {
  const { input, cacheRead, cacheWrite, cacheWriteOneHour, output } = readCounts(reported);
  return {
    uncachedInputTokens: input,
    cacheReadTokens: cacheRead,
    cacheWriteTokens: cacheWrite - cacheWriteOneHour,
    cacheWriteOneHourTokens: cacheWriteOneHour,
    outputTokens: output,
  };
}

/** Checks usage built by hand or by a provider adapter; returns it unchanged. */
export function validateNormalizedUsage(usage: NormalizedUsage): NormalizedUsage {
  for (const field of [
    'uncachedInputTokens',
    'cacheReadTokens',
    'cacheWriteTokens',
    'cacheWriteOneHourTokens',
    'outputTokens',
  ] as const) {
    tokenCount(field, usage[field]);
  }
  return usage;
}

function readCounts(reported: ReportedUsage) {
  const counts = {
    input: tokenCount('inputTokens', reported.inputTokens),
    cacheRead: tokenCount('cachedInputTokens', reported.cachedInputTokens ?? 0),
    cacheWrite: tokenCount('cacheWriteTokens', reported.cacheWriteTokens ?? 0),
    cacheWriteOneHour: tokenCount('cacheWriteOneHourTokens', reported.cacheWriteOneHourTokens ?? 0),
    output: tokenCount('outputTokens', reported.outputTokens),
  };
  if (counts.cacheWriteOneHour > counts.cacheWrite) {
    throw new InvalidUsageError(
      'cacheWriteOneHourTokens',
      `1-hour cache writes (${counts.cacheWriteOneHour}) exceed all cache writes (${counts.cacheWrite})`,
    );
  }
  return counts;
}

function tokenCount(field: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) {
    throw new InvalidUsageError(
      field,
      `${field} must be a whole number of tokens, 0 or more; got ${String(value)}`,
    );
  }
  return value;
}
