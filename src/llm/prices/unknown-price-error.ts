import { ExitCode, StewardError } from '../../errors/index.ts';

/** Why a model reference has no price. */
export type UnknownPriceReason = 'unknown-model' | 'ambiguous' | 'invalid-reference';

/** Steward refuses to call a model it cannot price: an unknown price is never treated as zero. */
export class UnknownPriceError extends StewardError {
  override readonly exitCode = ExitCode.usage;
  readonly modelRef: string;
  readonly reason: UnknownPriceReason;

  constructor(
    modelRef: string,
    reason: UnknownPriceReason = 'unknown-model',
    detail = 'it is not in the price table',
  ) {
    const hint = howToAddPrice(modelRef);
    super(`no price for model "${modelRef}": ${detail}; ${hint}`, { hint });
    this.modelRef = modelRef;
    this.reason = reason;
  }
}

/**
 * The fix, with the model's own reference as the example key: a self-hosted endpoint's model is priced
 * at zero in the example, a hosted one at figures to replace from its provider's pricing page.
 */
export function howToAddPrice(modelRef: string): string {
  const provider = /^([a-z][a-z0-9_-]*):./.exec(modelRef)?.[1];
  const hosted = provider === undefined || provider === 'openai' || provider === 'anthropic';
  const example = hosted
    ? '{ input_usd_per_mtok: 2, output_usd_per_mtok: 8 }'
    : '{ input_usd_per_mtok: 0, output_usd_per_mtok: 0 }';
  return (
    `add it under prices: in .steward.yml, e.g. prices: { ${JSON.stringify(modelRef)}: ${example} } ` +
    `(USD per 1M tokens${hosted ? ', from the provider’s pricing page' : ''})`
  );
}
