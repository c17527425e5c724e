import { hiddenCharacters } from './hidden-characters.ts';

/**
 * Makes text from a model or a repository safe to print on a terminal: escape sequences and
 * bidirectional overrides (which can hide or reorder what is shown) become visible `\u001b`-style escapes.
 * Carriage returns are dropped from CRLF line ends and escaped elsewhere.
 */
export function terminalSafe(text: string): string {
  return text
    .replace(/\r\n/g, '\n')
    .replace(hiddenCharacters, (character) => `\\u${character.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** `terminalSafe` for one line (a title, a path, a table cell): newlines show as `\n`. */
export function terminalSafeLine(text: string): string {
  return terminalSafe(text).replace(/\n/g, '\\n');
}
