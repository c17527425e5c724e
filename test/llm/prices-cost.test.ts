import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  costOf,
  costOfUsage,
  createPriceBook,
  InvalidUsageError,
  type NormalizedUsage,
  normalizeAnthropicUsage,
  normalizeOpenAiUsage,
  normalizeUsage,
  type ReportedUsage,
  usageConventionOf,
  validateNormalizedUsage,
  worstCaseCost,
} from '../../src/llm/prices/index.ts';

const book = createPriceBook();
const gpt41Mini = book.priceOf('gpt-4.1-mini');
const sonnet = book.priceOf('claude-sonnet-4-5');

function invalidField(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    assert.ok(error instanceof InvalidUsageError, String(error));
    assert.ok(error.hint !== undefined);
    return error.field;
  }
  assert.fail('expected an InvalidUsageError');
}

describe('usage conventions', () => {
  it('OpenAI reports cached tokens inside input tokens', () => {
    const usage = normalizeOpenAiUsage({
      inputTokens: 1_000_000,
      cachedInputTokens: 400_000,
      outputTokens: 0,
    });
    assert.deepEqual(usage, {
      uncachedInputTokens: 600_000,
      cacheReadTokens: 400_000,
      cacheWriteTokens: 0,
      cacheWriteOneHourTokens: 0,
      outputTokens: 0,
    });
    // 600,000 × $0.40 + 400,000 × $0.10 per 1M
    assert.equal(costOf(gpt41Mini, usage), 240_000 + 40_000);
  });

  it('Anthropic reports cache reads and writes on top of input tokens', () => {
    const reported: ReportedUsage = {
      inputTokens: 1_000_000,
      cachedInputTokens: 400_000,
      cacheWriteTokens: 200_000,
      outputTokens: 10_000,
    };
    const usage = normalizeAnthropicUsage(reported);
    assert.deepEqual(usage, {
      uncachedInputTokens: 1_000_000,
      cacheReadTokens: 400_000,
      cacheWriteTokens: 200_000,
      cacheWriteOneHourTokens: 0,
      outputTokens: 10_000,
    });
    // $3 × 1M + $0.30 × 0.4M + $3.75 × 0.2M + $15 × 0.01M
    assert.equal(costOf(sonnet, usage), 3_000_000 + 120_000 + 750_000 + 150_000);
    // Read in the other convention, the same report would be billed very differently.
    assert.notEqual(costOfUsage(sonnet, reported, 'openai'), costOfUsage(sonnet, reported, 'anthropic'));
  });

  it('Anthropic 1-hour cache writes are a part of all writes, billed at 2 × input', () => {
    const usage = normalizeAnthropicUsage({
      inputTokens: 0,
      cacheWriteTokens: 200_000,
      cacheWriteOneHourTokens: 100_000,
      outputTokens: 0,
    });
    assert.equal(usage.cacheWriteTokens, 100_000);
    assert.equal(usage.cacheWriteOneHourTokens, 100_000);
    assert.equal(costOf(sonnet, usage), 375_000 + 600_000);
  });

  it('chooses the convention by provider: Anthropic’s own, OpenAI’s for everyone else', () => {
    assert.equal(usageConventionOf('anthropic'), 'anthropic');
    assert.equal(usageConventionOf('openai'), 'openai');
    assert.equal(usageConventionOf('ollama'), 'openai');
    const reported = { inputTokens: 100, cachedInputTokens: 40, outputTokens: 7 };
    assert.deepEqual(normalizeUsage('openai', reported), normalizeOpenAiUsage(reported));
    assert.deepEqual(normalizeUsage('anthropic', reported), normalizeAnthropicUsage(reported));
    assert.equal(
      costOfUsage(gpt41Mini, reported, 'openai'),
      costOf(gpt41Mini, normalizeOpenAiUsage(reported)),
    );
  });

  it('rounds a bill up once, never down', () => {
    // 1 token of gpt-4.1-mini input costs 0.4 micros; 1 output token 1.6: together 2.
    assert.equal(costOf(gpt41Mini, normalizeOpenAiUsage({ inputTokens: 1, outputTokens: 1 })), 2);
    assert.equal(costOf(gpt41Mini, normalizeOpenAiUsage({ inputTokens: 1, outputTokens: 0 })), 1);
    assert.equal(costOf(gpt41Mini, normalizeOpenAiUsage({ inputTokens: 0, outputTokens: 0 })), 0);
  });
});

describe('adversarial usage', () => {
  it('refuses negative, fractional, non-finite and missing counts, naming the field', () => {
    const base = { inputTokens: 10, outputTokens: 10 };
    const cases: [ReportedUsage, string][] = [
      [{ ...base, inputTokens: -1 }, 'inputTokens'],
      [{ ...base, outputTokens: Number.NaN }, 'outputTokens'],
      [{ ...base, outputTokens: 1.5 }, 'outputTokens'],
      [{ ...base, cachedInputTokens: Number.POSITIVE_INFINITY }, 'cachedInputTokens'],
      [{ ...base, cacheWriteTokens: -5 }, 'cacheWriteTokens'],
      [{ ...base, inputTokens: undefined as unknown as number }, 'inputTokens'],
      [{ ...base, inputTokens: '10' as unknown as number }, 'inputTokens'],
      [{ ...base, inputTokens: 2 ** 53 }, 'inputTokens'],
    ];
    for (const [reported, field] of cases) {
      assert.equal(
        invalidField(() => normalizeOpenAiUsage(reported)),
        field,
        JSON.stringify(reported),
      );
      assert.equal(
        invalidField(() => normalizeAnthropicUsage(reported)),
        field,
        JSON.stringify(reported),
      );
    }
  });

  it('refuses cached tokens beyond OpenAI’s input total instead of clamping them', () => {
    assert.equal(
      invalidField(() =>
        normalizeOpenAiUsage({ inputTokens: 1_000, cachedInputTokens: 1_200, outputTokens: 0 }),
      ),
      'cachedInputTokens',
    );
    assert.equal(
      invalidField(() =>
        normalizeOpenAiUsage({
          inputTokens: 1_000,
          cachedInputTokens: 600,
          cacheWriteTokens: 600,
          outputTokens: 0,
        }),
      ),
      'cachedInputTokens',
    );
    // On top of input in Anthropic's convention, any number of cached tokens is consistent.
    assert.equal(
      normalizeAnthropicUsage({ inputTokens: 3, cachedInputTokens: 1_200, outputTokens: 0 }).cacheReadTokens,
      1_200,
    );
  });

  it('refuses 1-hour writes beyond all writes', () => {
    assert.equal(
      invalidField(() =>
        normalizeAnthropicUsage({
          inputTokens: 0,
          cacheWriteTokens: 10,
          cacheWriteOneHourTokens: 11,
          outputTokens: 0,
        }),
      ),
      'cacheWriteOneHourTokens',
    );
  });

  it('checks usage built by hand before pricing it', () => {
    const usage: NormalizedUsage = {
      uncachedInputTokens: 10,
      cacheReadTokens: -1,
      cacheWriteTokens: 0,
      cacheWriteOneHourTokens: 0,
      outputTokens: 0,
    };
    assert.equal(
      invalidField(() => costOf(gpt41Mini, usage)),
      'cacheReadTokens',
    );
    assert.equal(
      invalidField(() => validateNormalizedUsage({ ...usage, cacheReadTokens: 0.5 })),
      'cacheReadTokens',
    );
  });
});

describe('worstCaseCost', () => {
  it('prices all input uncached plus the whole output cap', () => {
    // 10,000 × $0.40 + 1,000 × $1.60 per 1M
    assert.equal(worstCaseCost(gpt41Mini, 10_000, 1_000), 4_000 + 1_600);
    assert.equal(worstCaseCost(gpt41Mini, 10_000, 1_000, { cacheWrites: 'none' }), 5_600);
    assert.equal(worstCaseCost(gpt41Mini, 0, 0), 0);
  });

  it('prices Anthropic input as a cache write unless told none is requested', () => {
    assert.equal(worstCaseCost(sonnet, 10_000, 1_000), 60_000 + 15_000);
    assert.equal(worstCaseCost(sonnet, 10_000, 1_000, { cacheWrites: 'one-hour' }), 60_000 + 15_000);
    assert.equal(worstCaseCost(sonnet, 10_000, 1_000, { cacheWrites: 'five-minute' }), 37_500 + 15_000);
    assert.equal(worstCaseCost(sonnet, 10_000, 1_000, { cacheWrites: 'none' }), 30_000 + 15_000);
  });

  it('is never below the cost of any usage it covers', () => {
    let state = 11;
    const random = (limit: number) => {
      state = (Math.imul(state, 1_103_515_245) + 12_345) >>> 0;
      return state % limit;
    };
    for (const price of book.entries()) {
      for (let round = 0; round < 50; round++) {
        const inputTokens = random(200_000);
        const maxOutputTokens = random(64_000);
        const read = random(inputTokens + 1);
        const write = random(inputTokens - read + 1);
        const oneHour = random(write + 1);
        const usage: NormalizedUsage = {
          uncachedInputTokens: inputTokens - read - write,
          cacheReadTokens: read,
          cacheWriteTokens: write - oneHour,
          cacheWriteOneHourTokens: oneHour,
          outputTokens: random(maxOutputTokens + 1),
        };
        assert.ok(costOf(price, usage) <= worstCaseCost(price, inputTokens, maxOutputTokens), price.model);
      }
    }
  });

  it('refuses negative or fractional token counts', () => {
    assert.equal(
      invalidField(() => worstCaseCost(gpt41Mini, -1, 10)),
      'inputTokens',
    );
    assert.equal(
      invalidField(() => worstCaseCost(gpt41Mini, 10, 0.5)),
      'maxOutputTokens',
    );
    assert.equal(
      invalidField(() => worstCaseCost(gpt41Mini, Number.NaN, 10)),
      'inputTokens',
    );
  });
});
