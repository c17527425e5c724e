import picomatch from 'picomatch';

/** A line of a CODEOWNERS file that GitHub would not use, and why. */
export interface CodeownersIssue {
  /** 1-based. */
  line: number;
  message: string;
}

/** One usable line: its pattern and owners (none: the line unsets the owners of what it matches). */
export interface CodeownersRule {
  line: number;
  pattern: string;
  owners: string[];
  matches(path: string): boolean;
}

export interface Codeowners {
  rules: CodeownersRule[];
  /** Lines skipped because GitHub would not understand them; the other lines still apply. */
  issues: CodeownersIssue[];
  /** Owners of a file: those of the last line that matches it, [] when none does. */
  ownersOf(path: string): string[];
}

/**
 * Owners of `path` by the CODEOWNERS text, as GitHub reads it: the last matching line wins, a line
 * without owners leaves the file unowned, invalid lines are skipped (see `parseCodeowners`).
 */
export function codeownersFor(text: string, path: string): string[] {
  return parseCodeowners(text).ownersOf(path);
}

const userOwner = /^@[A-Za-z0-9](?:[A-Za-z0-9_-]*[A-Za-z0-9_])?$/;
const teamOwner = /^@[A-Za-z0-9](?:[A-Za-z0-9_-]*[A-Za-z0-9_])?\/[A-Za-z0-9_][A-Za-z0-9_.-]*$/;
const emailOwner = /^[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}$/;

/**
 * Parses a CODEOWNERS file by GitHub's rules:
 * - `#` starts a comment, at the start of a line or after the pattern (an escaped `\#` is a character);
 * - a line is a gitignore-style pattern, then owners (`@user`, `@org/team`, `email@domain`) separated by
 *   spaces; a space inside a pattern is written `\ `;
 * - a leading `/` anchors the pattern at the repository root, and so does a `/` inside it; a pattern
 *   without one matches at any depth (`apps/`, `*.js`);
 * - a pattern matches a path and everything under it; a trailing `/` or `/**` matches only what is
 *   under a directory; a last segment of exactly `*` (`docs/*`) matches only the directory's own files;
 * - `*` and `?` do not cross `/`, `**` does; `[`, `]`, `{`, `}` are ordinary characters;
 * - negation (`!`) and `***` are not supported: such lines are reported and skipped, as is a line with a
 *   malformed owner.
 */
export function parseCodeowners(text: string): Codeowners {
  const rules: CodeownersRule[] = [];
  const issues: CodeownersIssue[] = [];
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n|\r/);
  lines.forEach((raw, index) => {
    const line = index + 1;
    const parsed = parseLine(raw);
    if (parsed === undefined) return;
    if ('error' in parsed) {
      issues.push({ line, message: parsed.error });
      return;
    }
    const matcher = compilePattern(parsed.pattern);
    if (typeof matcher === 'string') {
      issues.push({ line, message: matcher });
      return;
    }
    const invalid = parsed.owners.filter(
      (owner) => !userOwner.test(owner) && !teamOwner.test(owner) && !emailOwner.test(owner),
    );
    if (invalid.length > 0) {
      issues.push({
        line,
        message: `${invalid.map((owner) => `"${owner}"`).join(', ')} ${invalid.length === 1 ? 'is not an owner' : 'are not owners'}: expected @user, @org/team or an email address`,
      });
      return;
    }
    rules.push({ line, pattern: parsed.pattern, owners: [...new Set(parsed.owners)], matches: matcher });
  });
  return {
    rules,
    issues,
    ownersOf(path) {
      const normalized = normalizePath(path);
      if (normalized === '') return [];
      for (let index = rules.length - 1; index >= 0; index--) {
        const rule = rules[index]!;
        if (rule.matches(normalized)) return [...rule.owners];
      }
      return [];
    },
  };
}

/** Splits a line into its pattern (escapes kept) and owners; undefined for blank and comment lines. */
function parseLine(raw: string): { pattern: string; owners: string[] } | { error: string } | undefined {
  const tokens: string[] = [];
  let current = '';
  let inToken = false;
  for (let index = 0; index < raw.length; index++) {
    const char = raw[index]!;
    if (char === '\\' && tokens.length === 0) {
      // Escapes belong to the pattern only; the backslash is kept for the pattern compiler.
      const next = raw[index + 1];
      if (next === undefined) return { error: 'the pattern ends with a lone "\\"' };
      current += char + next;
      inToken = true;
      index++;
      continue;
    }
    if (char === '#') break;
    if (char === ' ' || char === '\t') {
      if (inToken) tokens.push(current);
      current = '';
      inToken = false;
      continue;
    }
    current += char;
    inToken = true;
  }
  if (inToken) tokens.push(current);
  const [pattern, ...owners] = tokens;
  if (pattern === undefined) return undefined;
  return { pattern, owners };
}

type Matcher = (path: string) => boolean;

/** The pattern's matcher, or why GitHub would not accept it. */
function compilePattern(pattern: string): Matcher | string {
  if (pattern.startsWith('!')) return `"${pattern}": negation (!) is not supported in CODEOWNERS`;
  if (pattern.includes('***')) return `"${pattern}": three asterisks in a row are not a pattern`;
  let body = pattern;
  const anchored = body.startsWith('/') || body.replace(/\/+$/, '').includes('/');
  body = body.replace(/^\/+/, '');
  let onlyUnder = false;
  if (body.endsWith('/')) {
    onlyUnder = true;
    body = body.replace(/\/+$/, '');
  }
  while (body.endsWith('/**') && !body.endsWith('\\/**')) {
    onlyUnder = true;
    body = body.slice(0, -3);
  }
  if (body === '') return `"${pattern}" matches nothing: name a file, a directory or a glob`;
  if (body === '**') {
    const everything: Matcher = onlyUnder ? (path) => path.includes('/') : (path) => path !== '';
    return everything;
  }
  // A last segment of exactly `*` (`docs/*`, `/*`) matches the directory's own entries, nothing deeper.
  const selfOnly = !onlyUnder && body.split('/').at(-1) === '*';
  const glob = (anchored ? '' : '**/') + toPicomatchGlob(body);
  const test = picomatch(glob, {
    dot: true,
    nobrace: true,
    noextglob: true,
    nonegate: true,
    strictSlashes: true,
    windows: false,
  });
  return (path) => {
    if (!onlyUnder && test(path)) return true;
    if (selfOnly) return false;
    // Anything under a matching directory matches.
    for (let slash = path.indexOf('/'); slash !== -1; slash = path.indexOf('/', slash + 1)) {
      if (test(path.slice(0, slash))) return true;
    }
    return false;
  };
}

/**
 * A CODEOWNERS pattern as a picomatch glob: `*`, `?`, `**` and `/` keep their meaning, every other
 * character is literal (picomatch would otherwise read brackets, braces, parentheses and `+@!` as syntax).
 */
function toPicomatchGlob(body: string): string {
  let glob = '';
  for (let index = 0; index < body.length; index++) {
    const char = body[index]!;
    if (char === '\\') {
      const next = body[index + 1] ?? '';
      index++;
      glob += escapeGlobChar(next);
    } else if (char === '*' || char === '?' || char === '/') {
      glob += char;
    } else {
      glob += escapeGlobChar(char);
    }
  }
  return glob;
}

function escapeGlobChar(char: string): string {
  return /[A-Za-z0-9_\-./ ]/.test(char) || char.charCodeAt(0) > 127 ? char : `\\${char}`;
}

/** Repository-relative, `/`-separated, without a leading `./` or `/`. */
function normalizePath(path: string): string {
  return path.replace(/^(?:\.\/|\/)+/, '').replace(/\/+$/, '');
}
