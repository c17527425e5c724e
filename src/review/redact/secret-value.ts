/** Values that stand in for a secret in examples, templates and tests: not secrets themselves. */
const placeholderWords = new Set([
  'password',
  'passwd',
  'secret',
  'token',
  'key',
  'apikey',
  'api_key',
  'changeme',
  'change_me',
  'change-me',
  'admin',
  'root',
  'guest',
  'pass',
  'user',
  'username',
  'null',
  'nil',
  'none',
  'undefined',
  'empty',
  'true',
  'false',
  'yes',
  'no',
  'on',
  'off',
  'string',
  'str',
  'number',
  'int',
  'bool',
  'boolean',
  'any',
  'object',
  'required',
  'optional',
  'todo',
  'tbd',
  'unset',
  'default',
]);

const placeholderMarkers =
  /changeme|change[_-]me|replace[_-]?me|placeholder|your[_-]?|xxxx|\*\*\*|\.\.\.|<[^>]*>|\$\{|\{\{|\$\(|%\(|%[sd]\b|^\$|^%|^@|^!|^&|^\*|^~|^\.{0,2}\/|^[a-z][a-z0-9+.-]*:\/\/(?![^/\s]*@)|process\.env|os\.environ|getenv|ENV\[|secrets\.|vault:|^arn:|^ref\+|^sm:\/\/|^file:|\[REDACTED:/i;

/** What example and test values carry: redacted all the same, but not worth a finding. */
const exampleMarkers =
  /example|sample|dummy|fake|mock|test|demo|password|passwd|secret|(.)\1{4}|0123456789|123456789|abcdefgh/i;

/**
 * Whether a value is a stand-in rather than a secret: a placeholder word, the name it is given to
 * (`SECRET=secret`, `guest:guest@`), a template or variable reference (`${VAR}`, `{{ secrets.X }}`,
 * `$VAR`, `<your-key>`), a path or plain URL, one repeated character, or a short number.
 */
export function isPlaceholderValue(value: string, name = ''): boolean {
  const lower = value.toLowerCase();
  if (value.length < 4 || placeholderWords.has(lower) || lower === name.toLowerCase()) return true;
  if (placeholderMarkers.test(value)) return true;
  if (/^(.)\1*$/.test(value)) return true;
  return /^\d{1,7}$/.test(value);
}

/**
 * Whether a secret's text reads as an example: a token padded with `00000`, `somepassword`, a key
 * with `example` or `test` in it. It is redacted all the same, but not reported.
 */
export function looksLikeExample(value: string): boolean {
  return exampleMarkers.test(value);
}

/** Shannon entropy in bits per character. */
export function entropyOf(value: string): number {
  const counts = new Map<string, number>();
  for (const character of value) counts.set(character, (counts.get(character) ?? 0) + 1);
  let entropy = 0;
  for (const count of counts.values()) {
    const share = count / value.length;
    entropy -= share * Math.log2(share);
  }
  return entropy;
}

/** How many of lower case, upper case, digits and other characters a value mixes. */
export function characterClassesOf(value: string): number {
  return [/[a-z]/, /[A-Z]/, /\d/, /[^A-Za-z0-9]/].filter((pattern) => pattern.test(value)).length;
}

/**
 * Whether a literal looks machine-made: long enough, no spaces, not words or an environment-variable
 * name, and mixed or random enough (three character classes, or two with entropy ≥ 3, or hex of 32+).
 */
export function looksRandom(value: string): boolean {
  if (value.length < 12 || /\s/.test(value)) return false;
  if (isWords(value) || /^[A-Z][A-Z0-9_]*$/.test(value)) return false;
  if (/^[0-9a-f]{32,}$/i.test(value)) return true;
  const classes = characterClassesOf(value);
  return classes >= 3 || (classes >= 2 && entropyOf(value) >= 3);
}

/** `auth-token`, `authTokenStorageKey`, `secret-2-levels`, `not-a-valid-jwt`: words, not randomness. */
function isWords(value: string): boolean {
  if (!/^[A-Za-z0-9._-]+$/.test(value)) return false;
  return value.split(/[-_.]/).every((part) => {
    if (part === '' || /^[A-Za-z]$/.test(part) || /^\d{1,4}$/.test(part)) return true;
    return part
      .split(/(?=[A-Z])/)
      .every((word, position) => /^[A-Z]?[a-z]{2,}$/.test(word) || (position === 0 && /^[a-z]+$/.test(word)));
  });
}
