import { UsageError } from '../errors/index.ts';

/** An option's value as a whole number from `min` to `max`; anything else is a usage error naming the option. */
export function wholeNumber(value: string, option: string, min: number, max: number): number {
  const number = Number(value);
  if (!/^\d+$/.test(value) || number < min || number > max)
    throw new UsageError(`${option} expects a whole number from ${min} to ${max}, got "${value}"`);
  return number;
}
