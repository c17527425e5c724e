import { StewardError } from '../../errors/index.ts';
import { type ModelPrice, toModelPrice } from './model-price.ts';
import { shippedPriceEntrySchema } from './price-entry-schema.ts';
import { shippedPrices } from './shipped-prices.ts';

let loaded: readonly ModelPrice[] | undefined;

/**
 * Validates shipped price entries and converts them to ModelPrices: every entry must parse, and no
 * model id or alias may name two entries. A failure is a defect in Steward, reported in full.
 */
export function loadShippedPrices(entries: readonly unknown[] = shippedPrices): readonly ModelPrice[] {
  if (entries === shippedPrices && loaded !== undefined) return loaded;
  const problems: string[] = [];
  const prices: ModelPrice[] = [];
  const owners = new Map<string, string>();
  entries.forEach((input, index) => {
    const parsed = shippedPriceEntrySchema.safeParse(input);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        problems.push(`entry ${index} (${describeEntry(input)}): ${issue.path.join('.')}: ${issue.message}`);
      }
      return;
    }
    const entry = parsed.data;
    for (const name of [entry.model, ...entry.aliases]) {
      const owner = owners.get(name);
      if (owner !== undefined) problems.push(`"${name}" names both ${owner} and ${entry.model}`);
      else owners.set(name, entry.model);
    }
    prices.push(
      toModelPrice(entry, {
        provider: entry.provider,
        model: entry.model,
        aliases: entry.aliases,
        origin: 'shipped',
      }),
    );
  });
  if (problems.length > 0)
    throw new StewardError(`the shipped price table is invalid:\n${problems.join('\n')}`);
  if (entries === shippedPrices) loaded = prices;
  return prices;
}

function describeEntry(input: unknown): string {
  return typeof input === 'object' && input !== null && 'model' in input ? String(input.model) : 'no model';
}
