import { costOfCharges } from '../../money/index.ts';
import { InvalidUsageError } from './invalid-usage-error.ts';
import type { ModelPrice } from './model-price.ts';
import {
  type NormalizedUsage,
  normalizeUsage,
  type ReportedUsage,
  type UsageConvention,
  validateNormalizedUsage,
} from './token-usage.ts';

/** Cost in micro-USD of a call's normalised usage, rounded up once (never undercharges). */
export function costOf(price: ModelPrice, usage: NormalizedUsage): number {
  validateNormalizedUsage(usage);
  const rates = price.microsPerMillionTokens;
  return costOfCharges([
    { tokens: usage.uncachedInputTokens, microsPerMillionTokens: rates.input },
    { tokens: usage.cacheReadTokens, microsPerMillionTokens: rates.cachedInput },
    { tokens: usage.cacheWriteTokens, microsPerMillionTokens: rates.cacheWrite },
    { tokens: usage.cacheWriteOneHourTokens, microsPerMillionTokens: rates.cacheWriteOneHour },
    { tokens: usage.outputTokens, microsPerMillionTokens: rates.output },
  ]);
}

/** Cost in micro-USD of usage as the provider reported it, in its `convention` (see UsageConvention). */
export function costOfUsage(price: ModelPrice, usage: ReportedUsage, convention: UsageConvention): number {
  return costOf(price, normalizeUsage(convention, usage));
}

export interface WorstCaseOptions {
  /**
   * The prompt-cache writes the request may cause. Without it every input token is priced at the most
   * expensive rate it could be billed at (for Anthropic models, a 1-hour cache write at 2 × input);
   * `none` when the request marks nothing for caching (OpenAI's automatic caching only ever discounts).
   */
  cacheWrites?: 'none' | 'five-minute' | 'one-hour';
}

/**
 * The most a call can cost, in micro-USD, for reserving before it is made: every input token billed at
 * the highest applicable input rate, never at a cache discount, plus the full output cap.
 */
export function worstCaseCost(
  price: ModelPrice,
  inputTokens: number,
  maxOutputTokens: number,
  options: WorstCaseOptions = {},
): number {
  for (const [field, value] of [
    ['inputTokens', inputTokens],
    ['maxOutputTokens', maxOutputTokens],
  ] as const) {
    if (!Number.isSafeInteger(value) || value < 0) {
      throw new InvalidUsageError(
        field,
        `${field} must be a whole number of tokens, 0 or more; got ${String(value)}`,
      );
    }
  }
  const rates = price.microsPerMillionTokens;
  const candidates = [rates.input];
  if (options.cacheWrites !== 'none') candidates.push(rates.cacheWrite);
  if (options.cacheWrites === undefined || options.cacheWrites === 'one-hour')
    candidates.push(rates.cacheWriteOneHour);
  return costOfCharges([
    { tokens: inputTokens, microsPerMillionTokens: Math.max(...candidates) },
    { tokens: maxOutputTokens, microsPerMillionTokens: rates.output },
  ]);
}
