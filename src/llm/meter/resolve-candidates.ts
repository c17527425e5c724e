import type { StewardConfig } from '../../config/index.ts';
import { UsageError } from '../../errors/index.ts';
import { type ModelPrice, type PriceBook, UnknownPriceError } from '../prices/index.ts';

/** A model the meter may call for a request, with its price and output cap. */
export interface Candidate {
  /** `provider:model` */
  ref: string;
  provider: string;
  model: string;
  price: ModelPrice;
  maxOutputTokens: number;
  temperature: number;
}

/**
 * The models to try, in order: the tier's model and its fallbacks, or the one model named. Every one
 * must have a price: an unpriced model is refused before anything is called.
 */
export function resolveCandidates(
  request: { tier?: string; model?: string; maxOutputTokens?: number },
  config: StewardConfig,
  priceBook: PriceBook,
): Candidate[] {
  if ((request.tier === undefined) === (request.model === undefined)) {
    throw new UsageError('a model call names exactly one of a tier or a model');
  }
  let refs: string[];
  let cap: number;
  let temperature = 0;
  if (request.tier !== undefined) {
    const tier = config.tiers[request.tier];
    if (tier === undefined) {
      throw new UsageError(`unknown tier "${request.tier}"`, {
        hint: `define it under tiers: (defined: ${Object.keys(config.tiers).join(', ')})`,
      });
    }
    refs = [tier.model, ...tier.fallbacks];
    cap = Math.min(tier.max_output_tokens, request.maxOutputTokens ?? Number.POSITIVE_INFINITY);
    temperature = tier.temperature;
  } else {
    if (request.maxOutputTokens === undefined)
      throw new UsageError(`a call to ${request.model} needs maxOutputTokens`);
    refs = [request.model!];
    cap = request.maxOutputTokens;
  }
  return refs.map((ref) => {
    const price = priceBook.priceOf(ref);
    const colon = ref.indexOf(':');
    const provider = colon > 0 ? ref.slice(0, colon) : price.provider;
    const model = colon > 0 ? ref.slice(colon + 1) : ref;
    if (provider === undefined) {
      throw new UnknownPriceError(
        ref,
        'unknown-model',
        'its provider is unknown: write it as provider:model',
      );
    }
    return {
      ref: `${provider}:${model}`,
      provider,
      model,
      price,
      maxOutputTokens: Math.min(cap, price.maxOutputTokens ?? cap),
      temperature,
    };
  });
}
