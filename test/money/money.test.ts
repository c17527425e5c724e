import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  costOfCharges,
  costOfTokens,
  formatUsd,
  isWholeMicros,
  microsPerUsd,
  microsToUsd,
  usdToMicros,
} from '../../src/money/index.ts';

/** A small deterministic generator, so that property tests fail the same way every time. */
function randomSource(seed: number): (limit: number) => number {
  let state = seed >>> 0;
  return (limit) => {
    state = (Math.imul(state, 1_664_525) + 1_013_904_223) >>> 0;
    const high = state;
    state = (Math.imul(state, 1_664_525) + 1_013_904_223) >>> 0;
    return Math.floor(((high * 2 ** 21 + (state >>> 11)) / 2 ** 53) * limit);
  };
}

describe('usdToMicros', () => {
  it('converts decimal amounts exactly', () => {
    assert.equal(usdToMicros(0.4), 400_000);
    assert.equal(usdToMicros(1.6), 1_600_000);
    assert.equal(usdToMicros(0.1), 100_000);
    assert.equal(usdToMicros(0.3), 300_000);
    assert.equal(usdToMicros(0.075), 75_000);
    assert.equal(usdToMicros(18.75), 18_750_000);
    assert.equal(usdToMicros(123_456.789012), 123_456_789_012);
    assert.equal(usdToMicros(0), 0);
    assert.equal(usdToMicros(-0), 0);
    assert.equal(usdToMicros(4600), 4_600_000_000);
  });

  it('rounds to the nearest micro, halves up, on the decimal as written', () => {
    assert.equal(usdToMicros(1.0000005), 1_000_001);
    assert.equal(usdToMicros(1.0000004999), 1_000_000);
    assert.equal(usdToMicros(0.0000005), 1);
    assert.equal(usdToMicros(0.0000004), 0);
    assert.equal(usdToMicros(1e-7), 0);
    assert.equal(usdToMicros(5e-324), 0);
    assert.equal(usdToMicros(2.5e-6), 3);
  });

  it('refuses NaN, infinities, negative and unrepresentable amounts', () => {
    for (const bad of [Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, -1, -0.000001, 1e21]) {
      assert.throws(() => usdToMicros(bad), RangeError, String(bad));
    }
    assert.throws(() => usdToMicros('1' as unknown as number), RangeError);
  });

  it('round-trips through microsToUsd for amounts with at most six decimals', () => {
    const random = randomSource(7);
    for (let index = 0; index < 2_000; index++) {
      const micros = random(10 ** (1 + random(12)));
      assert.equal(usdToMicros(microsToUsd(micros)), micros);
    }
  });
});

describe('microsToUsd and isWholeMicros', () => {
  it('converts whole micros only', () => {
    assert.equal(microsToUsd(400_000), 0.4);
    assert.equal(microsToUsd(0), 0);
    assert.throws(() => microsToUsd(1.5), RangeError);
    assert.throws(() => microsToUsd(-1), RangeError);
    assert.throws(() => microsToUsd(Number.NaN), RangeError);
  });

  it('tells whether an amount has at most six decimals', () => {
    assert.equal(isWholeMicros(0.005), true);
    assert.equal(isWholeMicros(1.25), true);
    assert.equal(isWholeMicros(0.0000004), false);
    assert.equal(isWholeMicros(0.1234567), false);
    assert.equal(isWholeMicros(-1), false);
    assert.equal(isWholeMicros(Number.NaN), false);
  });
});

describe('formatUsd', () => {
  it('shows cents from one dollar up and three significant digits below', () => {
    const cases: [number, string][] = [
      [0, '$0.00'],
      [1, '$0.000001'],
      [5, '$0.000005'],
      [12_345, '$0.0123'],
      [12_355, '$0.0124'],
      [123_456, '$0.123'],
      [400_000, '$0.40'],
      [10_000, '$0.01'],
      [999_499, '$0.999'],
      [999_999, '$1.00'],
      [1_000_000, '$1.00'],
      [1_234_567, '$1.23'],
      [1_235_000, '$1.24'],
      [2_000_000, '$2.00'],
      [4_600_000_000, '$4,600.00'],
      [47_000_000_000, '$47,000.00'],
      [1_234_567_890_123, '$1,234,567.89'],
      [-12_345, '-$0.0123'],
      [-4_600_000_000, '-$4,600.00'],
    ];
    for (const [micros, expected] of cases) assert.equal(formatUsd(micros), expected, `${micros}`);
  });

  it('refuses fractional micros', () => {
    assert.throws(() => formatUsd(0.5), RangeError);
    assert.throws(() => formatUsd(Number.NaN), RangeError);
  });
});

describe('costOfTokens', () => {
  it('is exact for known figures', () => {
    // gpt-4.1-mini: $0.40 input and $1.60 output per 1M tokens.
    assert.equal(costOfTokens(1_000_000, 400_000), 400_000);
    assert.equal(costOfTokens(1_000_000, 1_600_000), 1_600_000);
    // claude-opus-4-1 output: 12,345 tokens at $75 per 1M = $0.925875.
    assert.equal(costOfTokens(12_345, 75_000_000), 925_875);
    // gpt-5-nano cached input: $0.005 per 1M, 200 tokens = 0.001 micros, rounded up to 1.
    assert.equal(costOfTokens(200, 5_000), 1);
    assert.equal(costOfTokens(0, 75_000_000), 0);
    assert.equal(costOfTokens(1_000_000, 0), 0);
  });

  it('rounds up, never down', () => {
    assert.equal(costOfTokens(1, 400_000), 1);
    assert.equal(costOfTokens(1, 1_000_000), 1);
    assert.equal(costOfTokens(1, 1_000_001), 2);
    assert.equal(costOfTokens(3, 333_333), 1);
  });

  it('computes products beyond 2^53 exactly', () => {
    // 9e9 tokens at $600 per 1M: the product 5.4e18 is far beyond 2^53.
    assert.equal(costOfTokens(9_000_000_001, 600_000_000), 5_400_000_000_600);
    assert.throws(() => costOfTokens(Number.MAX_SAFE_INTEGER, Number.MAX_SAFE_INTEGER), RangeError);
  });

  it('refuses negative, fractional and non-numeric inputs', () => {
    for (const bad of [-1, 1.5, Number.NaN, Number.POSITIVE_INFINITY]) {
      assert.throws(() => costOfTokens(bad, 400_000), RangeError, `tokens ${bad}`);
      assert.throws(() => costOfTokens(1_000, bad), RangeError, `price ${bad}`);
    }
  });

  it('is monotonic, never negative, additive within one micro, and within one micro of the exact cost', () => {
    const random = randomSource(42);
    const prices = [5_000, 25_000, 75_000, 100_000, 275_000, 400_000, 1_250_000, 3_750_000, 75_000_000];
    for (let index = 0; index < 5_000; index++) {
      const price = index % 2 === 0 ? prices[random(prices.length)]! : random(1_000_000_000);
      const a = random(10 ** (1 + random(8)));
      const b = random(10 ** (1 + random(8)));
      const costA = costOfTokens(a, price);
      const costB = costOfTokens(b, price);
      const costAB = costOfTokens(a + b, price);
      assert.ok(costA >= 0);
      assert.ok(costA <= costAB && costB <= costAB, 'monotonic');
      assert.ok([0, 1].includes(costA + costB - costAB), `additive: ${a} + ${b} at ${price}`);
      const exact = BigInt(a) * BigInt(price);
      assert.ok(BigInt(costA) * 1_000_000n >= exact, 'never undercharges');
      assert.ok(BigInt(costA - 1) * 1_000_000n < exact || costA === 0, 'overcharges by less than one micro');
    }
  });
});

describe('costOfCharges', () => {
  it('rounds once over the whole bill', () => {
    const half = { tokens: 1, microsPerMillionTokens: 500_000 };
    assert.equal(costOfCharges([half, half]), 1);
    assert.equal(costOfTokens(1, 500_000) + costOfTokens(1, 500_000), 2);
    assert.equal(costOfCharges([]), 0);
  });

  it('adds up exact figures', () => {
    const bill = [
      { tokens: 1_000_000, microsPerMillionTokens: 400_000 },
      { tokens: 1_000_000, microsPerMillionTokens: 1_600_000 },
    ];
    assert.equal(costOfCharges(bill), 2 * microsPerUsd);
  });
});
