import type { LanguageModelUsage } from 'ai';
import type { ResolvedLanguageModel } from './create-language-model.ts';

/**
 * Token counts as the provider reported them, not rebased, because the two families count differently:
 *
 * - OpenAI and OpenAI-compatible: `inputTokens` INCLUDES `cachedInputTokens` (and any `cacheWriteTokens`);
 *   the uncached part is `inputTokens - cachedInputTokens - cacheWriteTokens`.
 * - Anthropic: `inputTokens` EXCLUDES both; cache reads and writes come on top of it
 *   (`input_tokens`, `cache_read_input_tokens`, `cache_creation_input_tokens`).
 *
 * `usageCounting` tells which applies; `uncachedInputTokens` does the arithmetic.
 * Output tokens include reasoning tokens for every provider.
 */
export interface ModelUsage {
  inputTokens: number;
  cachedInputTokens: number;
  cacheWriteTokens: number;
  outputTokens: number;
}

/** `includes-cache`: OpenAI family; `excludes-cache`: Anthropic. */
export type UsageCounting = 'includes-cache' | 'excludes-cache';

export function usageCountingOf(wire: ResolvedLanguageModel['wire']): UsageCounting {
  return wire === 'anthropic-messages' ? 'excludes-cache' : 'includes-cache';
}

/** Input tokens billed at the plain input price. */
export function uncachedInputTokens(usage: ModelUsage, counting: UsageCounting): number {
  return counting === 'excludes-cache'
    ? usage.inputTokens
    : Math.max(0, usage.inputTokens - usage.cachedInputTokens - usage.cacheWriteTokens);
}

/**
 * Converts the AI SDK's usage back to the provider's own counting. The SDK folds Anthropic's cache
 * reads and writes into `inputTokens`; `inputTokenDetails.noCacheTokens` is Anthropic's `input_tokens`.
 * Returns undefined when the provider reported no input or output count (some compatible servers):
 * the caller must not treat that as zero.
 */
export function usageFromSdk(
  usage: LanguageModelUsage | undefined,
  counting: UsageCounting,
): ModelUsage | undefined {
  if (usage?.inputTokens === undefined || usage.outputTokens === undefined) return undefined;
  const details = usage.inputTokenDetails;
  const cachedInputTokens = details.cacheReadTokens ?? 0;
  const cacheWriteTokens = details.cacheWriteTokens ?? 0;
  const inputTokens =
    counting === 'excludes-cache'
      ? (details.noCacheTokens ?? usage.inputTokens - cachedInputTokens - cacheWriteTokens)
      : usage.inputTokens;
  return { inputTokens, cachedInputTokens, cacheWriteTokens, outputTokens: usage.outputTokens };
}
