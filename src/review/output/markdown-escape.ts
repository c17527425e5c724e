import { formatUsd } from '../../money/index.ts';
import { hiddenCharacters } from './hidden-characters.ts';

// Characters that can start Markdown or HTML syntax anywhere in a line.
const inlineSyntax = /[\\`*_[\]{}()#+\-.!|~$<>&]/g;
const entities: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;' };

/**
 * Escapes text (a finding's title or explanation, a path, a reason) so that it renders as itself in GitHub
 * Markdown: no HTML (`<`, `>`, `&` become entities), no emphasis, links, code spans, tables or headings,
 * and no @-mentions of people or teams. Newlines are kept; use `escapeMarkdownLine` inside a table cell.
 */
export function escapeMarkdown(text: string): string {
  return text
    .replace(/\r\n?/g, '\n')
    .replace(hiddenCharacters, ' ')
    .replace(inlineSyntax, (character) => entities[character] ?? `\\${character}`)
    .replace(/@(?=[\p{L}\p{N}_-])/gu, '@\u200b')
    .replace(/^([ \t]*)=/gm, '$1\\=');
}

/** Escapes text for one line of Markdown, such as a table cell or a `<summary>`: whitespace runs become one space. */
export function escapeMarkdownLine(text: string): string {
  return escapeMarkdown(text.replace(/\s+/g, ' ').trim());
}

/** A fenced code block that no content can close early: the fence is longer than any backtick run inside. */
export function fencedCode(content: string, language = ''): string {
  const body = content.replace(/\r\n?/g, '\n').replace(/\n$/, '');
  const longestRun = Math.max(0, ...(body.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(Math.max(3, longestRun + 1));
  return `${fence}${language}\n${body}\n${fence}`;
}

/** An inline code span that shows `text` verbatim (a path, an id): HTML and Markdown inside it are inert. */
export function inlineCode(text: string): string {
  const body = text.replace(/[\r\n]+/g, ' ').replace(hiddenCharacters, ' ');
  const longestRun = Math.max(0, ...(body.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(longestRun + 1);
  const padding = body.startsWith('`') || body.endsWith('`') || body.startsWith(' ') ? ' ' : '';
  return `${fence}${padding}${body}${padding}${fence}`;
}

/** A URL that may go inside `[text](url)`: only https, with the characters that could end the link escaped. */
export function safeLinkUrl(url: string): string | undefined {
  if (!/^https:\/\/[^\s]+$/.test(url)) return undefined;
  return url.replace(/[()<>"'\\`]/g, (character) => `%${character.charCodeAt(0).toString(16).toUpperCase()}`);
}

/** An amount for Markdown: `\$0.0123`, so that two amounts on a line never open GitHub's `$…$` math. */
export function markdownUsd(micros: number): string {
  return `\\${formatUsd(micros)}`.replace('\\-$', '-\\$');
}
