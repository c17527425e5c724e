import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ConfigError, ExitCode, StewardError } from '../../src/errors/index.ts';
import {
  costOf,
  createPriceBook,
  loadShippedPrices,
  type ModelPrice,
  normalizeOpenAiUsage,
  parseModelRef,
  priceEntryInputSchema,
  shippedPriceEntrySchema,
  UnknownPriceError,
} from '../../src/llm/prices/index.ts';
import { shippedPrices } from '../../src/llm/prices/shipped-prices.ts';
import { formatUsd } from '../../src/money/index.ts';

const book = createPriceBook();

function priceOf(ref: string): ModelPrice {
  const result = book.lookup(ref);
  assert.ok(result.ok, `${ref}: ${result.ok ? '' : result.message}`);
  return result.price;
}

function configErrorOf(overrides: Record<string, unknown>): ConfigError {
  try {
    createPriceBook(overrides as Parameters<typeof createPriceBook>[0]);
  } catch (error) {
    assert.ok(error instanceof ConfigError, String(error));
    return error;
  }
  assert.fail('expected a ConfigError');
}

describe('the shipped price table', () => {
  it('parses, and every entry has positive list prices, sane discounts and limits', () => {
    const prices = loadShippedPrices();
    assert.equal(prices.length, shippedPrices.length);
    for (const price of prices) {
      const rates = price.microsPerMillionTokens;
      const name = price.model;
      assert.ok(rates.input > 0 && rates.output > 0, `${name}: positive prices`);
      assert.ok(rates.cachedInput <= rates.input, `${name}: cached input costs no more than input`);
      assert.ok(
        rates.cacheWrite >= rates.input && rates.cacheWriteOneHour >= rates.cacheWrite,
        `${name}: writes`,
      );
      assert.ok(price.contextWindow !== undefined && price.maxOutputTokens !== undefined, `${name}: limits`);
      assert.ok(price.maxOutputTokens <= price.contextWindow, `${name}: output cap within the window`);
      assert.match(price.asOf ?? '', /^20\d\d-\d\d-\d\d$/, `${name}: as_of`);
      assert.match(
        price.source ?? '',
        /^https:\/\/(platform\.openai\.com|docs\.claude\.com)\//,
        `${name}: source`,
      );
      assert.equal(price.origin, 'shipped');
    }
  });

  it('covers the models Steward is expected to price, current and historical', () => {
    const expected = [
      'gpt-5',
      'gpt-5-mini',
      'gpt-5-nano',
      'gpt-4.1',
      'gpt-4.1-mini',
      'gpt-4.1-nano',
      'gpt-4o',
      'gpt-4o-mini',
      'o3',
      'o4-mini',
      'gpt-4-turbo',
      'gpt-3.5-turbo',
      'claude-opus-4-1',
      'claude-opus-4-0',
      'claude-sonnet-4-5',
      'claude-sonnet-4-0',
      'claude-haiku-4-5',
      'claude-3-5-haiku-latest',
      'claude-3-sonnet',
      // dated snapshots resolve to their model
      'gpt-4.1-mini-2025-04-14',
      'gpt-4o-2024-08-06',
      'claude-sonnet-4-5-20250929',
      'claude-3-5-haiku-20241022',
      'claude-3-sonnet-20240229',
    ];
    for (const ref of expected) priceOf(ref);
    assert.equal(priceOf('gpt-4o-2024-11-20').model, 'gpt-4o');
    assert.equal(priceOf('claude-opus-4-20250514').model, 'claude-opus-4-0');
  });

  it('prices Anthropic prompt caching by its published multipliers of the input price', () => {
    for (const price of loadShippedPrices().filter((entry) => entry.provider === 'anthropic')) {
      const rates = price.microsPerMillionTokens;
      if (price.model === 'claude-3-sonnet-20240229') continue; // never had prompt caching
      if (price.model === 'claude-3-haiku-20240307') {
        // The one exception in Anthropic's table: $0.30 writes and $0.03 reads on $0.25 input.
        assert.deepEqual([rates.cacheWrite, rates.cachedInput], [300_000, 30_000]);
        continue;
      }
      assert.equal(rates.cacheWrite * 4, rates.input * 5, `${price.model}: 5-minute write = 1.25 × input`);
      assert.equal(rates.cacheWriteOneHour, rates.input * 2, `${price.model}: 1-hour write = 2 × input`);
      assert.equal(rates.cachedInput * 10, rates.input, `${price.model}: cache read = 0.1 × input`);
    }
  });

  it('has exact figures for known cases', () => {
    const mini = priceOf('gpt-4.1-mini');
    const usage = normalizeOpenAiUsage({ inputTokens: 1_000_000, outputTokens: 1_000_000 });
    assert.equal(costOf(mini, usage), 2_000_000); // $0.40 + $1.60
    assert.equal(formatUsd(costOf(mini, usage)), '$2.00');
    assert.deepEqual(priceOf('claude-sonnet-4-5').microsPerMillionTokens, {
      input: 3_000_000,
      cachedInput: 300_000,
      cacheWrite: 3_750_000,
      cacheWriteOneHour: 6_000_000,
      output: 15_000_000,
    });
    assert.deepEqual(priceOf('gpt-5-nano').microsPerMillionTokens, {
      input: 50_000,
      cachedInput: 5_000,
      cacheWrite: 50_000,
      cacheWriteOneHour: 50_000,
      output: 400_000,
    });
    // A model without a cache discount charges cached tokens at the input price.
    assert.equal(priceOf('gpt-4-turbo').microsPerMillionTokens.cachedInput, 10_000_000);
  });

  it('is rejected at load when an entry is wrong', () => {
    const valid = shippedPrices[0]!;
    const broken = [
      { ...valid, model: 'a', input_usd_per_mtok: 0 },
      { ...valid, model: 'b', cached_input_usd_per_mtok: 99 },
      { ...valid, model: 'c', source: 'http://example.com' },
      { ...valid, model: 'd', as_of: 'yesterday' },
      { ...valid, model: 'e', output_usd_per_mtok: 0.0000004 },
      { ...valid, model: 'f', aliases: [] },
      { ...valid, model: 'f', aliases: [] },
    ];
    assert.throws(
      () => loadShippedPrices(broken),
      (error: unknown) =>
        error instanceof StewardError &&
        /entry 0 \(a\): input_usd_per_mtok/.test(error.message) &&
        /entry 1 \(b\): cached_input_usd_per_mtok/.test(error.message) &&
        /entry 2 \(c\): source/.test(error.message) &&
        /entry 3 \(d\): as_of/.test(error.message) &&
        /entry 4 \(e\): output_usd_per_mtok: .*per-token/.test(error.message) &&
        /"f" names both f and f/.test(error.message),
    );
    assert.equal(shippedPriceEntrySchema.safeParse({ ...valid, provider: 'ollama' }).success, false);
  });
});

describe('PriceBook.lookup', () => {
  it('accepts model and provider:model references', () => {
    assert.equal(priceOf('openai:gpt-4.1-mini').model, 'gpt-4.1-mini');
    assert.equal(priceOf('openai:gpt-4.1-mini').provider, 'openai');
    assert.equal(priceOf('anthropic:claude-haiku-4-5').provider, 'anthropic');
    assert.deepEqual(parseModelRef('ollama:llama3.1:8b'), { provider: 'ollama', model: 'llama3.1:8b' });
    assert.deepEqual(parseModelRef('llama3.1:8b'), { provider: undefined, model: 'llama3.1:8b' });
  });

  it('refuses a model with no price, saying how to add one', () => {
    const result = book.lookup('ollama:llama3.1');
    assert.equal(result.ok, false);
    assert.ok(!result.ok && result.reason === 'unknown-model');
    assert.throws(
      () => book.priceOf('ollama:llama3.1'),
      (error: unknown) =>
        error instanceof UnknownPriceError &&
        error instanceof StewardError &&
        error.exitCode === ExitCode.usage &&
        error.modelRef === 'ollama:llama3.1' &&
        error.message.includes(
          'add it under prices: in .steward.yml, e.g. prices: { "ollama:llama3.1": { input_usd_per_mtok: 0, output_usd_per_mtok: 0 } }',
        ) &&
        error.hint !== undefined,
    );
    assert.match(new UnknownPriceError('gpt-9').message, /prices: \{ "gpt-9": \{ input_usd_per_mtok: 2,/);
  });

  it('refuses a shipped model named under another provider, and malformed references', () => {
    assert.equal(book.lookup('anthropic:gpt-4o').ok, false);
    assert.equal(book.lookup('ollama:gpt-4o').ok, false);
    for (const ref of ['', ' gpt-4o', 'gpt 4o', ':gpt-4o', 'openai:']) {
      const result = book.lookup(ref);
      assert.ok(!result.ok && result.reason === 'invalid-reference', JSON.stringify(ref));
    }
    assert.equal(book.lookup('Openai:gpt-4o').ok, false);
  });
});

describe('price overrides', () => {
  it('replace a shipped price, for the model and its snapshots, keeping its limits', () => {
    const overridden = createPriceBook({ 'gpt-4o': { input_usd_per_mtok: 1, output_usd_per_mtok: 4 } });
    for (const ref of ['gpt-4o', 'openai:gpt-4o', 'gpt-4o-2024-08-06', 'openai:gpt-4o-2024-11-20']) {
      const result = overridden.lookup(ref);
      assert.ok(result.ok, ref);
      assert.equal(result.price.origin, 'config', ref);
      assert.equal(result.price.provider, 'openai', ref);
      assert.equal(result.price.microsPerMillionTokens.input, 1_000_000, ref);
      assert.equal(
        result.price.microsPerMillionTokens.cachedInput,
        1_000_000,
        `${ref}: no discount unless given`,
      );
      assert.equal(result.price.contextWindow, 128_000, ref);
    }
    // An override of one snapshot leaves the others alone.
    const snapshot = createPriceBook({
      'gpt-4o-2024-08-06': { input_usd_per_mtok: 1, output_usd_per_mtok: 4 },
    });
    const other = snapshot.lookup('gpt-4o-2024-11-20');
    assert.ok(other.ok && other.price.origin === 'shipped');
  });

  it('add models, such as free local ones', () => {
    const local = createPriceBook({
      'ollama:llama3.1': { input_usd_per_mtok: 0, output_usd_per_mtok: 0, context_window: 131_072 },
      'mistral-large': { input_usd_per_mtok: 2, output_usd_per_mtok: 6 },
    });
    const llama = local.priceOf('ollama:llama3.1');
    assert.equal(llama.provider, 'ollama');
    assert.equal(costOf(llama, normalizeOpenAiUsage({ inputTokens: 50_000, outputTokens: 5_000 })), 0);
    assert.equal(local.priceOf('llama3.1').provider, 'ollama');
    assert.equal(local.lookup('vllm:llama3.1').ok, false);
    // An unqualified entry prices the model whichever endpoint serves it.
    assert.equal(local.priceOf('vllm:mistral-large').provider, 'vllm');
    assert.equal(local.priceOf('mistral-large').provider, undefined);
    assert.equal(local.entries().filter((price) => price.origin === 'config').length, 2);
  });

  it('apply Anthropic cache multipliers when an Anthropic entry gives no cache prices', () => {
    const custom = createPriceBook({
      'anthropic:claude-next': { input_usd_per_mtok: 0.999999, output_usd_per_mtok: 5 },
    });
    const rates = custom.priceOf('claude-next').microsPerMillionTokens;
    assert.equal(rates.cacheWrite, 1_249_999); // 1.25 × 999,999 = 1,249,998.75, rounded up
    assert.equal(rates.cacheWriteOneHour, 1_999_998);
  });

  it('refuse an unqualified reference that several providers price', () => {
    const twice = createPriceBook({
      'ollama:llama3.1': { input_usd_per_mtok: 0, output_usd_per_mtok: 0 },
      'vllm:llama3.1': { input_usd_per_mtok: 0.1, output_usd_per_mtok: 0.1 },
      'ollama:gpt-4o': { input_usd_per_mtok: 0, output_usd_per_mtok: 0 },
    });
    const llama = twice.lookup('llama3.1');
    assert.ok(!llama.ok && llama.reason === 'ambiguous');
    assert.match(llama.message, /ollama:llama3\.1, vllm:llama3\.1/);
    const gpt = twice.lookup('gpt-4o');
    assert.ok(
      !gpt.ok && gpt.reason === 'ambiguous',
      'an override for another provider does not capture a shipped model',
    );
    assert.equal(twice.priceOf('openai:gpt-4o').origin, 'shipped');
    assert.equal(twice.priceOf('ollama:gpt-4o').origin, 'config');
    assert.throws(
      () => twice.priceOf('llama3.1'),
      (error: unknown) => error instanceof UnknownPriceError && error.reason === 'ambiguous',
    );
  });

  it('are validated at construction, every problem reported with its key', () => {
    const error = configErrorOf({
      'ollama:llama3.1': { input_usd_per_mtok: -1, output_usd_per_mtok: 0 },
      'per-token': { input_usd_per_mtok: 0.0000004, output_usd_per_mtok: 0.0000016 },
      discounted: { input_usd_per_mtok: 1, cached_input_usd_per_mtok: 2, output_usd_per_mtok: 1 },
      typo: { input_usd_per_mtok: 1, output_usd_per_mtok: 1, ouput_usd_per_mtok: 1 },
      'vllm:mixtral': { provider: 'ollama', input_usd_per_mtok: 1, output_usd_per_mtok: 1 },
      'Bad Key': { input_usd_per_mtok: 1, output_usd_per_mtok: 1 },
      missing: { input_usd_per_mtok: 1 },
      cents: { input_usd_per_mtok: 40_000, output_usd_per_mtok: 1 },
      'gpt-4o': { provider: 'openai', input_usd_per_mtok: 1, output_usd_per_mtok: 1 },
      'openai:gpt-4o': { input_usd_per_mtok: 1, output_usd_per_mtok: 1 },
    });
    const byPath = new Map(error.issues.map((issue) => [issue.path, issue.message]));
    assert.ok(byPath.has('prices.ollama:llama3.1.input_usd_per_mtok'));
    assert.match(byPath.get('prices.per-token.input_usd_per_mtok') ?? '', /per-token price/);
    assert.match(
      byPath.get('prices.discounted.cached_input_usd_per_mtok') ?? '',
      /cannot cost more than input/,
    );
    assert.ok([...byPath.keys()].some((path) => path.startsWith('prices.typo')));
    assert.match(byPath.get('prices.vllm:mixtral.provider') ?? '', /disagrees with the key/);
    assert.ok(byPath.has('prices.Bad Key'));
    assert.ok(byPath.has('prices.missing.output_usd_per_mtok'));
    assert.match(byPath.get('prices.cents.input_usd_per_mtok') ?? '', /cents/);
    assert.match(byPath.get('prices.openai:gpt-4o') ?? '', /second price/);
    assert.ok(error.issues.every((issue) => issue.source === '.steward.yml'));
  });

  it('share their schema with the configuration', () => {
    const parsed = priceEntryInputSchema.parse({
      provider: 'anthropic',
      input_usd_per_mtok: 3,
      cached_input_usd_per_mtok: 0.3,
      cache_write_usd_per_mtok: 3.75,
      output_usd_per_mtok: 15,
      context_window: 200_000,
      max_output_tokens: 64_000,
      as_of: '2025-12-01',
      source: 'negotiated contract',
    });
    assert.equal(parsed.input_usd_per_mtok, 3);
    assert.equal(
      priceEntryInputSchema.safeParse({ input_usd_per_mtok: Number.NaN, output_usd_per_mtok: 1 }).success,
      false,
    );
    assert.equal(
      priceEntryInputSchema.safeParse({
        input_usd_per_mtok: 1,
        output_usd_per_mtok: Number.POSITIVE_INFINITY,
      }).success,
      false,
    );
    assert.equal(
      priceEntryInputSchema.safeParse({
        input_usd_per_mtok: 1,
        output_usd_per_mtok: 1,
        context_window: 1_000,
        max_output_tokens: 2_000,
      }).success,
      false,
    );
  });
});
