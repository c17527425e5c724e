import { createHash } from 'node:crypto';
import type { Hunk } from '../change-set.ts';

/**
 * The identity of a hunk's change, independent of where it sits: the file path plus the lines it adds
 * and removes, each without trailing whitespace (a CRLF or an editor's trailing spaces change nothing).
 * Context lines and line numbers are left out, so a rebase that moves a change keeps its key.
 */
export function hunkKey(path: string, hunk: Hunk): string {
  const hash = createHash('sha256');
  hash.update(path);
  for (const line of hunk.lines) {
    const kind = line[0];
    if (kind !== '+' && kind !== '-') continue;
    hash.update('\n');
    hash.update(kind);
    hash.update(line.slice(1).trimEnd());
  }
  return hash.digest('hex').slice(0, 40);
}

/** The key under which a model's answer for a hunk is cached: the hunk and everything else that shaped the answer. */
export function cacheKey(parts: {
  hunk: string;
  context: string;
  model: string;
  promptVersion: string;
  level: string;
}): string {
  return createHash('sha256')
    .update([parts.hunk, parts.context, parts.model, parts.promptVersion, parts.level].join('\n'))
    .digest('hex')
    .slice(0, 40);
}

/** A short digest of the review context (rules, team context) that every answer depends on. */
export function contextDigest(text: string): string {
  return createHash('sha256').update(text).digest('hex').slice(0, 16);
}
