import { z } from 'zod';
import { describeValue } from './schema-values.ts';

/** A whole number of at least `minimum`, `fallback` when absent; errors name the value given. */
export const count = (fallback: number, minimum = 0) =>
  z
    .number({ error: (issue) => `expected a whole number, got ${describeValue(issue.input)}` })
    .int({ error: (issue) => `expected a whole number, got ${describeValue(issue.input)}` })
    .min(minimum, { error: (issue) => `expected ${minimum} or more, got ${describeValue(issue.input)}` })
    .default(fallback);

/** A number from 0 to 1, `fallback` when absent. */
export const fraction = (fallback: number) =>
  z
    .number({ error: (issue) => `expected a number from 0 to 1, got ${describeValue(issue.input)}` })
    .min(0, { error: (issue) => `expected a number from 0 to 1, got ${describeValue(issue.input)}` })
    .max(1, { error: (issue) => `expected a number from 0 to 1, got ${describeValue(issue.input)}` })
    .default(fallback);
