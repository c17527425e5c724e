import { usdToMicros } from '../../money/index.ts';
import type { PriceEntry } from './price-entry-schema.ts';

/** Prices of one model in integer micro-USD per million tokens. */
export interface MicrosPerMillionTokens {
  /** Input not read from the prompt cache. */
  input: number;
  /** Input read from the prompt cache. */
  cachedInput: number;
  /** Input written to a 5-minute prompt cache (Anthropic). */
  cacheWrite: number;
  /** Input written to a 1-hour prompt cache (Anthropic). */
  cacheWriteOneHour: number;
  /** Output, reasoning tokens included. */
  output: number;
}

/** What one model costs and what it can do, ready for arithmetic: all money in micro-USD. */
export interface ModelPrice {
  /** `openai`, `anthropic`, an OpenAI-compatible endpoint's name, or undefined for an unqualified config entry. */
  provider: string | undefined;
  model: string;
  aliases: readonly string[];
  microsPerMillionTokens: Readonly<MicrosPerMillionTokens>;
  contextWindow: number | undefined;
  maxOutputTokens: number | undefined;
  asOf: string | undefined;
  source: string | undefined;
  /** Whether the price ships with Steward or comes from the user's `prices:`. */
  origin: 'shipped' | 'config';
}

export interface ModelIdentity {
  provider: string | undefined;
  model: string;
  aliases: readonly string[];
  origin: ModelPrice['origin'];
}

/**
 * Converts a validated entry (USD per 1M tokens) to a ModelPrice. A missing cached-input price is the
 * input price (no discount assumed); missing Anthropic cache-write prices follow Anthropic's multipliers
 * (1.25 × and 2 × input, rounded up); other providers charge no cache-write premium.
 */
export function toModelPrice(entry: PriceEntry, identity: ModelIdentity): ModelPrice {
  const input = usdToMicros(entry.input_usd_per_mtok);
  const anthropic = identity.provider === 'anthropic';
  const optional = (usd: number | undefined, fallback: number) =>
    usd === undefined ? fallback : usdToMicros(usd);
  return {
    provider: identity.provider,
    model: identity.model,
    aliases: identity.aliases,
    microsPerMillionTokens: {
      input,
      cachedInput: optional(entry.cached_input_usd_per_mtok, input),
      cacheWrite: optional(entry.cache_write_usd_per_mtok, anthropic ? Math.ceil((input * 5) / 4) : input),
      cacheWriteOneHour: optional(entry.cache_write_1h_usd_per_mtok, anthropic ? input * 2 : input),
      output: usdToMicros(entry.output_usd_per_mtok),
    },
    contextWindow: entry.context_window,
    maxOutputTokens: entry.max_output_tokens,
    asOf: entry.as_of,
    source: entry.source,
    origin: identity.origin,
  };
}
