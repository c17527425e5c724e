import type { z } from 'zod';
import { describeValue } from './schema.ts';

export interface DescribedIssue {
  path: (string | number)[];
  message: string;
  /** The problem is the key itself (an unknown key), not its value. */
  atKey: boolean;
}

const expectedNames: Record<string, string> = {
  number: 'a number',
  string: 'a string',
  boolean: 'true or false',
  object: 'a mapping',
  array: 'a list',
  record: 'a mapping',
  int: 'a whole number',
};

/** Turns one zod issue into messages a person can act on; an unknown-keys issue becomes one per key. */
export function describeIssue(
  issue: z.core.$ZodIssue,
  knownKeys: (path: (string | number)[]) => string[],
): DescribedIssue[] {
  const path = issue.path.map((key) => (typeof key === 'symbol' ? String(key) : key));
  if (issue.code === 'invalid_type' && issue.input === undefined)
    return [{ path, message: 'is required', atKey: false }];
  if (issue.code !== 'unrecognized_keys' && !isDefaultMessage(issue.message)) {
    return [{ path, message: withInput(issue.message, issue.input), atKey: false }];
  }
  switch (issue.code) {
    case 'unrecognized_keys':
      return issue.keys.map((key) => ({
        path: [...path, key],
        message: unknownKeyMessage(key, knownKeys(path)),
        atKey: true,
      }));
    case 'invalid_type':
      return [
        {
          path,
          message: `expected ${expectedNames[issue.expected] ?? issue.expected}, got ${describeValue(issue.input)}`,
          atKey: false,
        },
      ];
    case 'invalid_value':
      return [
        {
          path,
          message: `expected ${issue.values.map((value) => JSON.stringify(value)).join(' or ')}, got ${describeValue(issue.input)}`,
          atKey: false,
        },
      ];
    case 'too_small':
      if (issue.origin === 'array') {
        return [{ path, message: `expected at least ${issue.minimum} item(s)`, atKey: false }];
      }
      return [
        {
          path,
          message: boundMessage('at least', issue.minimum, issue.inclusive, issue.input),
          atKey: false,
        },
      ];
    case 'too_big':
      return [
        { path, message: boundMessage('at most', issue.maximum, issue.inclusive, issue.input), atKey: false },
      ];
    case 'invalid_key':
      return [{ path, message: `invalid key: ${issue.issues[0]?.message ?? issue.message}`, atKey: true }];
    default:
      return [{ path, message: withInput(issue.message, issue.input), atKey: false }];
  }
}

/** Zod's own wording, which we replace with ours; a schema's custom message is kept as written. */
function isDefaultMessage(message: string): boolean {
  return /^(Invalid|Too small|Too big|Unrecognized)/.test(message);
}

function boundMessage(
  word: string,
  bound: number | bigint,
  inclusive: boolean | undefined,
  input: unknown,
): string {
  const relation = inclusive === false ? (word === 'at least' ? 'more than' : 'less than') : word;
  return `expected a number ${relation} ${bound}, got ${describeValue(input)}`;
}

function withInput(message: string, input: unknown): string {
  return input === undefined || message.includes(', got ')
    ? message
    : `${message}, got ${describeValue(input)}`;
}

function unknownKeyMessage(key: string, known: string[]): string {
  const suggestion = closest(key, known);
  const hint =
    suggestion === undefined
      ? known.length > 0
        ? ` (known keys: ${known.join(', ')})`
        : ''
      : ` (did you mean "${suggestion}"?)`;
  return `unknown key "${key}"${hint}`;
}

function closest(word: string, candidates: string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Math.max(2, Math.floor(word.length / 3)) + 1;
  for (const candidate of candidates) {
    const distance = editDistance(word, candidate);
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return best;
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, index) => index);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + cost);
    }
    previous = current;
  }
  return previous[b.length]!;
}
