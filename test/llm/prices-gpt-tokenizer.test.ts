import assert from 'node:assert/strict';
import { it } from 'node:test';
import * as gptTokenizerModels from 'gpt-tokenizer/models';
import { loadShippedPrices } from '../../src/llm/prices/index.ts';

interface TheirPrices {
  price_data?: { main?: { input?: number; output?: number } };
}

// gpt-tokenizer ships model metadata with prices (USD per 1M tokens). Steward does not use them: several
// are wrong. This pins where the two disagree, so that a change on either side is looked at.
it('documents where gpt-tokenizer’s model prices disagree with the shipped table', () => {
  const theirs = gptTokenizerModels as unknown as Record<string, TheirPrices | undefined>;
  const disagreements: string[] = [];
  const agreements: string[] = [];
  for (const price of loadShippedPrices().filter((entry) => entry.provider === 'openai')) {
    const main = theirs[price.model]?.price_data?.main;
    if (main?.input === undefined || main.output === undefined) continue;
    const ours = [price.microsPerMillionTokens.input / 1e6, price.microsPerMillionTokens.output / 1e6];
    const line = `${price.model}: ours ${ours.join('/')}, theirs ${main.input}/${main.output}`;
    if (ours[0] === main.input && ours[1] === main.output) agreements.push(price.model);
    else disagreements.push(line);
  }
  assert.deepEqual(disagreements, [
    'gpt-5: ours 1.25/10, theirs 10/30',
    'gpt-4.1: ours 2/8, theirs 10/30',
    'gpt-4o: ours 2.5/10, theirs 10/30',
    'o3: ours 2/8, theirs 15/60',
  ]);
  assert.deepEqual(agreements, ['o1', 'gpt-4-turbo', 'gpt-4', 'gpt-3.5-turbo']);
});
