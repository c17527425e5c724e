import type { Finding } from '../../review/finding.ts';
import { lineRange } from '../../review/output/line-range.ts';
import {
  escapeMarkdown,
  escapeMarkdownLine,
  fencedCode,
  inlineCode,
} from '../../review/output/markdown-escape.ts';
import { githubCommentLimit } from '../../review/output/review-markdown.ts';
import { shorten } from '../../review/output/shorten.ts';
import { findingMarker } from './markers.ts';

/** Room kept below GitHub's 65,536-character limit, so a body is never at the edge of it. */
const spare = 512;
const titleLimit = 300;
const foundByLimit = 100;
/** A suggestion is exact code: it is shown whole or not at all, and at most this long once fenced. */
const suggestionLimit = 30_000;

/**
 * The body of an inline review comment: the finding's marker, severity, category, title and explanation,
 * and a ```suggestion block when it has a replacement (fenced longer than any backtick run inside it).
 * Model text is escaped; the whole body stays below GitHub's 65,536 characters whatever its inputs.
 */
export function inlineCommentBody(finding: Finding, fingerprint: string): string {
  const head = `${findingMarker(fingerprint)}\n**${finding.severity}** · ${finding.category} · ${title(finding)}\n\n`;
  let suggestion = '';
  if (finding.replacement !== undefined) {
    const block = suggestionBlock(finding.replacement);
    suggestion =
      block.length <= suggestionLimit
        ? `${block}\n\n`
        : `_A suggested change of ${finding.replacement.length.toLocaleString('en-US')} characters is too long to show._\n\n`;
  }
  const foot = footer(finding);
  const room = githubCommentLimit - spare - head.length - suggestion.length - foot.length;
  return `${head}${explanation(finding, room)}${suggestion}${foot}`;
}

/**
 * The body of a finding posted as a conversation comment, when it cannot sit on a line of the diff: the
 * same content, the place written out (`path` L12-14), and the replacement as a plain code block.
 */
export function issueCommentBody(finding: Finding, fingerprint: string): string {
  const place = `${inlineCode(finding.path)} ${lineRange(finding)}`;
  const head = `${findingMarker(fingerprint)}\n**${finding.severity}** · ${finding.category} · ${place} — ${title(finding)}\n\n`;
  let replacement = '';
  if (finding.replacement !== undefined) {
    const block = fencedCode(finding.replacement);
    replacement =
      block.length <= suggestionLimit
        ? `<details><summary>Suggested change</summary>\n\n${block}\n\n</details>\n\n`
        : `_A suggested change of ${finding.replacement.length.toLocaleString('en-US')} characters is too long to show._\n\n`;
  }
  const foot = footer(finding);
  const room = githubCommentLimit - spare - head.length - replacement.length - foot.length;
  return `${head}${explanation(finding, room)}${replacement}${foot}`;
}

/**
 * A GitHub suggestion replacing the commented lines with `replacement`: an empty replacement deletes
 * them; a trailing newline ends the last line rather than adding an empty one.
 */
export function suggestionBlock(replacement: string): string {
  if (replacement === '') return '```suggestion\n```';
  return fencedCode(replacement, 'suggestion');
}

function title(finding: Finding): string {
  return escapeMarkdownLine(shorten(finding.title, titleLimit));
}

function explanation(finding: Finding, room: number): string {
  const text = finding.explanation.trim();
  if (text === '') return '';
  return `${escapedWithin(text, Math.max(0, room - 2))}\n\n`;
}

function footer(finding: Finding): string {
  const confidence = Number.isFinite(finding.confidence)
    ? ` · confidence ${Math.round(finding.confidence * 100)}%`
    : '';
  return `<sub>Steward · ${escapeMarkdownLine(shorten(finding.foundBy, foundByLimit))}${confidence}</sub>\n`;
}

/**
 * Escaped Markdown of `text` in at most `room` characters: the text is cut before escaping (so no escape
 * or entity is split), tighter until its escaped form fits, since escaping can make it up to 5 times longer.
 */
export function escapedWithin(text: string, room: number): string {
  let limit = Math.min(text.length, room);
  for (;;) {
    if (limit <= 0) return '';
    const escaped = escapeMarkdown(shorten(text, limit));
    if (escaped.length <= room) return escaped;
    limit = Math.min(limit - 1, Math.floor((limit * room) / escaped.length));
  }
}
