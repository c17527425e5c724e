export { costOf, costOfUsage, type WorstCaseOptions, worstCaseCost } from './cost-of.ts';
export { InvalidUsageError } from './invalid-usage-error.ts';
export type { MicrosPerMillionTokens, ModelPrice } from './model-price.ts';
export { type ModelRef, parseModelRef } from './model-ref.ts';
export { createPriceBook, type PriceBook, type PriceBookOptions, type PriceLookup } from './price-book.ts';
export {
  type PriceEntry,
  type PriceEntryInput,
  priceEntryInputSchema,
  providerNameSchema,
  type ShippedPriceEntry,
  type ShippedPriceEntryInput,
  shippedPriceEntrySchema,
} from './price-entry-schema.ts';
export { loadShippedPrices } from './shipped-price-table.ts';
export {
  type NormalizedUsage,
  normalizeAnthropicUsage,
  normalizeOpenAiUsage,
  normalizeUsage,
  type ReportedUsage,
  type UsageConvention,
  usageConventionOf,
  validateNormalizedUsage,
} from './token-usage.ts';
export { howToAddPrice, UnknownPriceError, type UnknownPriceReason } from './unknown-price-error.ts';
