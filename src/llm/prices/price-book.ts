import { ConfigError, type ConfigIssue } from '../../errors/index.ts';
import { type ModelPrice, toModelPrice } from './model-price.ts';
import { parseModelRef } from './model-ref.ts';
import { type PriceEntryInput, priceEntryInputSchema } from './price-entry-schema.ts';
import { loadShippedPrices } from './shipped-price-table.ts';
import { UnknownPriceError, type UnknownPriceReason } from './unknown-price-error.ts';

export type PriceLookup =
  | { ok: true; price: ModelPrice }
  | { ok: false; reason: UnknownPriceReason; message: string };

/** Every price Steward knows: the shipped table with the user's `prices:` over it. */
export interface PriceBook {
  /** The price of `model` or `provider:model`, or why there is none. */
  lookup(modelRef: string): PriceLookup;
  /** The price of `model` or `provider:model`; throws UnknownPriceError when there is none. */
  priceOf(modelRef: string): ModelPrice;
  /** All prices: configured ones first, then shipped ones. */
  entries(): readonly ModelPrice[];
}

export interface PriceBookOptions {
  /** Where the overrides come from, for error messages. */
  source?: string;
}

/**
 * Builds a price book from the shipped table and the user's overrides (the `prices:` mapping, keyed by
 * `model` or `provider:model`). Overrides are validated here, before anything is priced: every problem
 * is reported at once in a ConfigError.
 *
 * Resolution of a reference, first match wins:
 * 1. an override for the model as written, then for the shipped model it is an alias of;
 *    a qualified reference (`ollama:llama3.1`) takes an override with that provider or with none;
 *    an unqualified one is refused as ambiguous when prices for several providers match it;
 * 2. the shipped entry whose id or alias is the model (and whose provider matches, when one is given).
 * An override replaces the shipped prices; limits it leaves out (context window, output cap) are kept.
 */
export function createPriceBook(
  overrides: Readonly<Record<string, PriceEntryInput>> = {},
  options: PriceBookOptions = {},
): PriceBook {
  const shipped = loadShippedPrices();
  const shippedByName = new Map<string, ModelPrice>();
  for (const price of shipped) {
    for (const name of [price.model, ...price.aliases]) shippedByName.set(name, price);
  }
  const configured = parseOverrides(overrides, shippedByName, options.source ?? '.steward.yml');

  const lookup = (modelRef: string): PriceLookup => {
    const parsed = parseModelRef(modelRef);
    if (parsed === undefined) {
      return refusal(
        'invalid-reference',
        'expected "model" or "provider:model", such as "openai:gpt-4.1-mini"',
      );
    }
    const shippedEntry = shippedByName.get(parsed.model);
    const shippedMatch =
      shippedEntry !== undefined &&
      (parsed.provider === undefined || parsed.provider === shippedEntry.provider)
        ? shippedEntry
        : undefined;
    const names =
      shippedMatch !== undefined && shippedMatch.model !== parsed.model
        ? [parsed.model, shippedMatch.model]
        : [parsed.model];
    for (const name of names) {
      const candidates = configured.get(name) ?? [];
      if (parsed.provider !== undefined) {
        const match =
          candidates.find((candidate) => candidate.provider === parsed.provider) ??
          candidates.find((candidate) => candidate.provider === undefined);
        if (match !== undefined) return { ok: true, price: { ...match, provider: parsed.provider } };
        continue;
      }
      const unqualified = candidates.find((candidate) => candidate.provider === undefined);
      if (unqualified !== undefined) return { ok: true, price: unqualified };
      const providers = new Set(candidates.map((candidate) => candidate.provider));
      if (shippedMatch !== undefined && candidates.length > 0) providers.add(shippedMatch.provider);
      if (providers.size === 1) return { ok: true, price: candidates[0]! };
      if (providers.size > 1) {
        const qualified = [...providers].map((provider) => `${provider}:${parsed.model}`);
        return refusal(
          'ambiguous',
          `it is priced for several providers; write one of ${qualified.join(', ')}`,
        );
      }
    }
    if (shippedMatch !== undefined) return { ok: true, price: shippedMatch };
    const hosted =
      parsed.provider === undefined || parsed.provider === 'openai' || parsed.provider === 'anthropic';
    return refusal(
      'unknown-model',
      hosted
        ? 'it is not in the shipped price table'
        : `Steward ships no prices for provider "${parsed.provider}"`,
    );
  };

  return {
    lookup,
    priceOf(modelRef) {
      const result = lookup(modelRef);
      if (!result.ok) throw new UnknownPriceError(modelRef, result.reason, result.message);
      return result.price;
    },
    entries: () => [...[...configured.values()].flat(), ...shipped],
  };
}

function refusal(reason: UnknownPriceReason, message: string): PriceLookup {
  return { ok: false, reason, message };
}

/** Validates the overrides and indexes them by model name. */
function parseOverrides(
  overrides: Readonly<Record<string, PriceEntryInput>>,
  shippedByName: ReadonlyMap<string, ModelPrice>,
  source: string,
): Map<string, ModelPrice[]> {
  const issues: ConfigIssue[] = [];
  const byModel = new Map<string, ModelPrice[]>();
  for (const [key, input] of Object.entries(overrides)) {
    const path = `prices.${key}`;
    const ref = parseModelRef(key);
    if (ref === undefined) {
      issues.push({
        source,
        path,
        message: 'expected a key "model" or "provider:model", such as "ollama:llama3.1"',
      });
      continue;
    }
    const parsed = priceEntryInputSchema.safeParse(input);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        issues.push({ source, path: [path, ...issue.path.map(String)].join('.'), message: issue.message });
      }
      continue;
    }
    const entry = parsed.data;
    if (ref.provider !== undefined && entry.provider !== undefined && entry.provider !== ref.provider) {
      issues.push({
        source,
        path: `${path}.provider`,
        message: `"${entry.provider}" disagrees with the key, which names provider "${ref.provider}"`,
      });
      continue;
    }
    const shipped = shippedByName.get(ref.model);
    const provider = ref.provider ?? entry.provider ?? shipped?.provider;
    const sameShipped = shipped !== undefined && shipped.provider === provider ? shipped : undefined;
    const price = toModelPrice(
      {
        ...entry,
        context_window: entry.context_window ?? sameShipped?.contextWindow,
        max_output_tokens: entry.max_output_tokens ?? sameShipped?.maxOutputTokens,
      },
      { provider, model: ref.model, aliases: [], origin: 'config' },
    );
    const existing = byModel.get(ref.model) ?? [];
    if (existing.some((other) => other.provider === provider)) {
      issues.push({
        source,
        path,
        message: `a second price for ${provider === undefined ? '' : `${provider}:`}${ref.model}; keep one`,
      });
      continue;
    }
    byModel.set(ref.model, [...existing, price]);
  }
  if (issues.length > 0) throw new ConfigError(issues, 'fix the prices: section of the configuration');
  return byModel;
}
