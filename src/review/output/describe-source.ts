import type { ChangeSource } from '../change-set.ts';

/** What was reviewed, in a few words: `owner/repo#123 (1a2b3c4..5d6e7f8)` or `main..feature (staged)`. */
export function describeSource(source: ChangeSource): string {
  if (source.kind === 'github') {
    return `${source.repo}#${source.pr} (${shortRevision(source.baseSha)}..${shortRevision(source.headSha)})`;
  }
  const range = `${shortRevision(source.base)}..${shortRevision(source.head)}`;
  return source.staged ? `${range} (staged)` : range;
}

/** Abbreviates full object names to 7 characters, as git does; leaves branch and tag names alone. */
export function shortRevision(revision: string): string {
  return /^[0-9a-f]{40}([0-9a-f]{24})?$/.test(revision) ? revision.slice(0, 7) : revision;
}
