/**
 * Money is an integer number of micro-USD everywhere (1 USD = 1,000,000 micros): budgets, reservations,
 * ledger rows and prices. Floats appear only at the edges (config input, display).
 */

export const microsPerUsd = 1_000_000;

const bigMicrosPerUsd = 1_000_000n;
const bigMaxSafe = BigInt(Number.MAX_SAFE_INTEGER);

/**
 * Converts an amount of USD to micro-USD, rounding to the nearest micro (exact halves round up).
 * Rounding works on the decimal the number is written as (`String(usd)`), so `0.1` is exactly 100,000
 * and `1.0000005` rounds up to 1,000,001 where `Math.round(usd * 1e6)` would be off by one.
 * Throws a RangeError for NaN, infinities, negative amounts and amounts beyond 2^53 micros.
 */
export function usdToMicros(usd: number): number {
  if (typeof usd !== 'number' || !Number.isFinite(usd) || usd < 0) {
    throw new RangeError(`expected a finite, non-negative amount of USD, got ${String(usd)}`);
  }
  const [mantissa = '0', exponentText = '0'] = String(usd).split('e');
  const [whole = '0', fraction = ''] = mantissa.split('.');
  const digits = BigInt(whole + fraction);
  const shift = 6 - fraction.length + Number(exponentText);
  let micros: bigint;
  if (shift >= 0) {
    micros = digits * 10n ** BigInt(shift);
  } else {
    const divisor = 10n ** BigInt(-shift);
    micros = digits / divisor;
    if ((digits % divisor) * 2n >= divisor) micros += 1n;
  }
  if (micros > bigMaxSafe) throw new RangeError(`amount too large: ${String(usd)} USD`);
  return Number(micros);
}

/** Converts micro-USD to USD, for display and export only: never compute with the result. */
export function microsToUsd(micros: number): number {
  assertWholeNumber(micros, 'micros');
  return micros / microsPerUsd;
}

/** Whether an amount of USD is a whole number of micro-USD (has at most six decimal places). */
export function isWholeMicros(usd: number): boolean {
  return Number.isFinite(usd) && usd >= 0 && usd <= Number.MAX_SAFE_INTEGER / microsPerUsd
    ? usdToMicros(usd) / microsPerUsd === usd
    : false;
}

/**
 * Formats micro-USD for people: cents from $1 up (`$4,600.00`, `$1.23`), three significant digits
 * below $1 (`$0.40`, `$0.0123`, `$0.000005`). Rounds half up; negative amounts get a leading `-`.
 */
export function formatUsd(micros: number): string {
  assertWholeNumber(micros, 'micros', { allowNegative: true });
  const sign = micros < 0 ? '-' : '';
  const amount = Math.abs(micros);
  if (amount === 0) return '$0.00';
  if (amount < microsPerUsd) {
    const magnitude = 10 ** Math.max(0, String(amount).length - 3);
    const rounded = Math.floor((amount + magnitude / 2) / magnitude) * magnitude;
    if (rounded < microsPerUsd) {
      const fraction = String(rounded).padStart(6, '0').replace(/0+$/, '').padEnd(2, '0');
      return `${sign}$0.${fraction}`;
    }
  }
  const cents = Math.floor((amount + 5_000) / 10_000);
  const dollars = String(Math.floor(cents / 100)).replace(/\B(?=(\d{3})+$)/g, ',');
  return `${sign}$${dollars}.${String(cents % 100).padStart(2, '0')}`;
}

/** One line of a bill: a number of tokens at a price in micro-USD per million tokens. */
export interface TokenCharge {
  tokens: number;
  microsPerMillionTokens: number;
}

/**
 * Cost in micro-USD of a bill of token charges, computed exactly in integers and rounded up once over
 * the whole bill: it never undercharges, and overcharges by less than one micro-USD.
 */
export function costOfCharges(charges: readonly TokenCharge[]): number {
  let numerator = 0n;
  for (const charge of charges) {
    assertWholeNumber(charge.tokens, 'tokens');
    assertWholeNumber(charge.microsPerMillionTokens, 'microsPerMillionTokens');
    numerator += BigInt(charge.tokens) * BigInt(charge.microsPerMillionTokens);
  }
  const micros = (numerator + bigMicrosPerUsd - 1n) / bigMicrosPerUsd;
  if (micros > bigMaxSafe) throw new RangeError('cost too large to represent in micro-USD');
  return Number(micros);
}

/** Cost in micro-USD of `tokens` at `microsPerMillionTokens`: ceil(tokens × price / 1,000,000). */
export function costOfTokens(tokens: number, microsPerMillionTokens: number): number {
  return costOfCharges([{ tokens, microsPerMillionTokens }]);
}

/** Throws a RangeError unless `value` is a safe, non-negative (or, when allowed, negative) integer. */
function assertWholeNumber(value: number, what: string, options: { allowNegative?: boolean } = {}): void {
  if (!Number.isSafeInteger(value) || (value < 0 && options.allowNegative !== true)) {
    throw new RangeError(`${what} must be a whole, non-negative number below 2^53, got ${String(value)}`);
  }
}
