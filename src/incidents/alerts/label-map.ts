import { z } from 'zod';
import { describeInput, shorten } from './payload-error.ts';

export interface StringMapOptions {
  /** `label` or `annotation`: named in messages. */
  what: string;
  maxEntries: number;
  maxNameChars: number;
  maxValueChars: number;
  /** At least one entry. */
  nonEmpty?: boolean;
}

const maxIssuesPerMap = 5;

/**
 * An object of names to string values (labels, annotations). Names may be any non-empty string,
 * `__proto__` included: the result is a plain object with every name as an own property.
 */
export function stringMap(options: StringMapOptions) {
  return z.unknown().transform((input, context): Record<string, string> => {
    if (input === null || typeof input !== 'object' || Array.isArray(input)) {
      context.addIssue({
        code: 'custom',
        message: `expected an object of ${options.what} names to string values, got ${describeInput(input)}`,
      });
      return z.NEVER;
    }
    const names = Object.keys(input);
    if (options.nonEmpty === true && names.length === 0) {
      context.addIssue({ code: 'custom', message: `expected at least one ${options.what}` });
      return z.NEVER;
    }
    if (names.length > options.maxEntries) {
      context.addIssue({
        code: 'custom',
        message: `${names.length} ${options.what}s; at most ${options.maxEntries} are accepted`,
      });
      return z.NEVER;
    }
    const result: Record<string, string> = {};
    let issues = 0;
    const fail = (name: string, message: string) => {
      issues += 1;
      if (issues <= maxIssuesPerMap) context.addIssue({ code: 'custom', message, path: [shorten(name)] });
    };
    for (const name of names) {
      const value = (input as Record<string, unknown>)[name];
      if (name.length === 0) fail(name, `a ${options.what} name cannot be empty`);
      else if (name.length > options.maxNameChars)
        fail(name, `${options.what} name longer than ${options.maxNameChars} characters (${name.length})`);
      else if (typeof value !== 'string') fail(name, `expected a string, got ${describeInput(value)}`);
      else if (value.length > options.maxValueChars)
        fail(name, `${options.what} value longer than ${options.maxValueChars} characters (${value.length})`);
      else setOwn(result, name, value);
    }
    return issues > 0 ? z.NEVER : result;
  });
}

/** Sets an own property, even one named `__proto__` (label names may be any string). */
export function setOwn(target: Record<string, string>, name: string, value: string): void {
  if (name === '__proto__') {
    Object.defineProperty(target, name, { value, enumerable: true, writable: true, configurable: true });
  } else {
    target[name] = value;
  }
}
