import { z } from 'zod';
import { isWholeMicros } from '../money/index.ts';

/** Highest price accepted, in USD per 1M tokens; anything above is almost surely a unit mistake. */
export const maxUsdPerMillionTokens = 10_000;

export const usdPerMillionTokens = z
  .number({ error: 'expected a price in USD per 1M tokens, such as 0.4' })
  .min(0, 'expected a price of 0 or more USD per 1M tokens')
  .max(
    maxUsdPerMillionTokens,
    `expected USD per 1M tokens (at most ${maxUsdPerMillionTokens}); is it in cents?`,
  )
  .refine(isWholeMicros, {
    error: (issue) =>
      `expected USD per 1M tokens with at most 6 decimal places, got ${String(issue.input)}; ` +
      'is it a per-token price? ($0.40 per 1M tokens is written 0.4)',
  });

export const tokenCount = z
  .number({ error: 'expected a whole number of tokens' })
  .refine((value) => Number.isSafeInteger(value) && value > 0, 'expected a positive whole number of tokens');

/** A provider name: `openai`, `anthropic` or the name of an OpenAI-compatible endpoint. */
export const providerNameSchema = z
  .string()
  .regex(/^[a-z][a-z0-9_-]*$/, 'expected a provider name such as "openai", "anthropic" or "ollama"');

export const isoDate = z.iso.date({ error: 'expected a date written YYYY-MM-DD' });

export const priceEntryShape = {
  provider: providerNameSchema.optional(),
  input_usd_per_mtok: usdPerMillionTokens.describe('USD per 1M uncached input tokens.'),
  cached_input_usd_per_mtok: usdPerMillionTokens
    .optional()
    .describe('USD per 1M input tokens read from the prompt cache; the input price when absent.'),
  cache_write_usd_per_mtok: usdPerMillionTokens
    .optional()
    .describe('USD per 1M tokens written to a 5-minute prompt cache (Anthropic: 1.25 × input when absent).'),
  cache_write_1h_usd_per_mtok: usdPerMillionTokens
    .optional()
    .describe('USD per 1M tokens written to a 1-hour prompt cache (Anthropic: 2 × input when absent).'),
  output_usd_per_mtok: usdPerMillionTokens.describe('USD per 1M output tokens, reasoning tokens included.'),
  context_window: tokenCount.optional().describe('Most tokens (input + output) one call may use.'),
  max_output_tokens: tokenCount.optional().describe('Most output tokens one call may produce.'),
  as_of: isoDate.optional().describe('Date the price was taken from its source.'),
  source: z.string().min(1).optional().describe('Where the price comes from, e.g. the pricing page URL.'),
};

type PriceEntryFields = z.output<z.ZodObject<typeof priceEntryShape>>;

/** Rules across fields, shared by configured and shipped entries. */
export function checkPriceEntry(entry: PriceEntryFields, context: z.RefinementCtx): void {
  if (
    entry.cached_input_usd_per_mtok !== undefined &&
    entry.cached_input_usd_per_mtok > entry.input_usd_per_mtok
  ) {
    context.addIssue({
      code: 'custom',
      path: ['cached_input_usd_per_mtok'],
      message: `cached input (${entry.cached_input_usd_per_mtok}) cannot cost more than input (${entry.input_usd_per_mtok})`,
    });
  }
  if (
    entry.max_output_tokens !== undefined &&
    entry.context_window !== undefined &&
    entry.max_output_tokens > entry.context_window
  ) {
    context.addIssue({
      code: 'custom',
      path: ['max_output_tokens'],
      message: `max_output_tokens (${entry.max_output_tokens}) exceeds context_window (${entry.context_window})`,
    });
  }
}

/**
 * A price as written under `prices:` in `.steward.yml`, keyed by `model` or `provider:model`.
 * Prices are USD per 1M tokens with at most six decimals; zero is allowed (local models).
 */
export const priceEntryInputSchema = z.strictObject(priceEntryShape).superRefine(checkPriceEntry);

export type PriceEntryInput = z.input<typeof priceEntryInputSchema>;
export type PriceEntry = z.output<typeof priceEntryInputSchema>;
