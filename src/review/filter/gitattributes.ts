import picomatch from 'picomatch';

/** An attribute's state for a path: set (`true`), unset (`false`), a value, or unspecified (`undefined`). */
export type AttributeState = boolean | string | undefined;

/** A parsed .gitattributes file. */
export interface Gitattributes {
  /** The attribute's state for a path, as git resolves it: the last matching line that names it wins. */
  stateOf(path: string, attribute: string): AttributeState;
}

interface Rule {
  matches: (path: string) => boolean;
  /** Attribute name → state, `undefined` for `!name`; macros already expanded. */
  states: Map<string, AttributeState>;
}

const builtinMacros = new Map<string, Map<string, AttributeState>>([
  [
    'binary',
    new Map<string, AttributeState>([
      ['diff', false],
      ['merge', false],
      ['text', false],
    ]),
  ],
]);

/**
 * Parses the text of a root .gitattributes file with git's rules: one pattern and its attributes per
 * line (`#` comments, C-style quoted patterns), `attr` sets, `-attr` unsets, `!attr` unspecifies,
 * `attr=value` gives a value; `[attr]name …` defines a macro. Patterns match like .gitignore patterns,
 * except that negative patterns are ignored (git forbids them) and a pattern naming a directory
 * (`dist/`, or `dist` for a directory) does not apply to the files inside it: that needs `dist/**`.
 */
export function parseGitattributes(text: string): Gitattributes {
  const macros = new Map(builtinMacros);
  const rules: Rule[] = [];
  for (const rawLine of text.split(/\r?\n/)) {
    const line = rawLine.trim();
    if (line === '' || line.startsWith('#')) continue;
    const parsed = splitPattern(line);
    if (parsed === undefined) continue;
    const { pattern, rest } = parsed;
    const tokens = rest.split(/\s+/).filter((token) => token !== '');
    if (pattern.startsWith('[attr]')) {
      macros.set(pattern.slice('[attr]'.length), statesOf(tokens, macros));
      continue;
    }
    const matches = compilePattern(pattern);
    if (matches === undefined) continue;
    rules.push({ matches, states: statesOf(tokens, macros) });
  }
  return {
    stateOf(path, attribute) {
      for (let index = rules.length - 1; index >= 0; index--) {
        const rule = rules[index]!;
        if (rule.states.has(attribute) && rule.matches(path)) return rule.states.get(attribute);
      }
      return undefined;
    },
  };
}

/** Whether an attribute reads as true the way GitHub Linguist reads it: set, or `=true`. */
export function isTrue(state: AttributeState): boolean {
  return state === true || state === 'true';
}

/** Whether an attribute is explicitly switched off: `-attr` or `attr=false`. */
export function isFalse(state: AttributeState): boolean {
  return state === false || state === 'false';
}

function splitPattern(line: string): { pattern: string; rest: string } | undefined {
  if (!line.startsWith('"')) {
    const end = line.search(/\s/);
    return end === -1 ? { pattern: line, rest: '' } : { pattern: line.slice(0, end), rest: line.slice(end) };
  }
  let pattern = '';
  for (let index = 1; index < line.length; index++) {
    const character = line[index]!;
    if (character === '"') return { pattern, rest: line.slice(index + 1) };
    if (character !== '\\') {
      pattern += character;
      continue;
    }
    const next = line[++index];
    if (next === undefined) return undefined;
    const octal = /^[0-7]{3}/.exec(line.slice(index));
    if (octal !== null) {
      pattern += String.fromCharCode(Number.parseInt(octal[0], 8));
      index += 2;
    } else {
      pattern +=
        ({ n: '\n', t: '\t', r: '\r', a: '\x07', b: '\b', f: '\f', v: '\v' } as Record<string, string>)[
          next
        ] ?? next;
    }
  }
  return undefined;
}

function statesOf(
  tokens: string[],
  macros: Map<string, Map<string, AttributeState>>,
): Map<string, AttributeState> {
  const states = new Map<string, AttributeState>();
  for (const token of tokens) {
    if (token.startsWith('-')) states.set(token.slice(1), false);
    else if (token.startsWith('!')) states.set(token.slice(1), undefined);
    else if (token.includes('='))
      states.set(token.slice(0, token.indexOf('=')), token.slice(token.indexOf('=') + 1));
    else {
      for (const [name, state] of macros.get(token) ?? []) states.set(name, state);
      states.set(token, true);
    }
  }
  return states;
}

/** A matcher for file paths, or `undefined` for patterns that never match a file. */
function compilePattern(pattern: string): ((path: string) => boolean) | undefined {
  if (pattern.startsWith('!') || pattern.endsWith('/')) return undefined;
  const anchored = pattern.includes('/');
  const body = pattern.replace(/^\/+/, '');
  if (body === '') return undefined;
  const matcher = picomatch(body, { dot: true });
  if (anchored) return matcher;
  return (path) => matcher(path.slice(path.lastIndexOf('/') + 1));
}
