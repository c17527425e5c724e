import { z } from 'zod';
import { checkPriceEntry, isoDate, priceEntryShape, tokenCount } from '../../config/price-entry-schema.ts';

export {
  maxUsdPerMillionTokens,
  type PriceEntry,
  type PriceEntryInput,
  priceEntryInputSchema,
  providerNameSchema,
} from '../../config/price-entry-schema.ts';

/** The providers whose list prices Steward ships. */
export const shippedProviders = ['openai', 'anthropic'] as const;
export type ShippedProvider = (typeof shippedProviders)[number];

/** A price Steward ships: complete, dated and sourced, with positive list prices. */
export const shippedPriceEntrySchema = z
  .strictObject({
    ...priceEntryShape,
    provider: z.enum(shippedProviders),
    model: z.string().regex(/^[a-z0-9][a-z0-9.-]*$/, 'expected a lower-case model id'),
    aliases: z.array(z.string().regex(/^[a-z0-9][a-z0-9.-]*$/)).default([]),
    context_window: tokenCount,
    max_output_tokens: tokenCount,
    as_of: isoDate,
    source: z.url({ protocol: /^https$/ }),
    notes: z.string().optional(),
  })
  .superRefine(checkPriceEntry)
  .superRefine((entry, context) => {
    for (const key of ['input_usd_per_mtok', 'output_usd_per_mtok'] as const) {
      if (entry[key] <= 0)
        context.addIssue({ code: 'custom', path: [key], message: 'a list price must be positive' });
    }
    for (const key of ['cache_write_usd_per_mtok', 'cache_write_1h_usd_per_mtok'] as const) {
      const value = entry[key];
      if (value !== undefined && value < entry.input_usd_per_mtok) {
        context.addIssue({
          code: 'custom',
          path: [key],
          message: 'a cache write cannot cost less than input',
        });
      }
    }
  });

export type ShippedPriceEntryInput = z.input<typeof shippedPriceEntrySchema>;
export type ShippedPriceEntry = z.output<typeof shippedPriceEntrySchema>;
