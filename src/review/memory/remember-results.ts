import type { Kysely } from 'kysely';
import type { Database } from '../../store/index.ts';
import type { Hunk } from '../change-set.ts';
import type { Finding } from '../finding.ts';
import type { UnitWork } from '../plan/plan-review.ts';
import { type CachedFinding, rememberReviewed, storeCache } from './review-memory.ts';

export interface RememberOptions {
  db: Kysely<Database>;
  work: readonly UnitWork[];
  /** Units whose request was answered: only their hunks count as reviewed. */
  completed: ReadonlySet<string>;
  /** The model's validated findings of this run. */
  findings: readonly Finding[];
  keysOf: (path: string, hunk: Hunk) => { hunk: string; cache: string };
  /** Hunks answered from the cache in this run. */
  cachedHunkKeys: readonly string[];
  pullRequest?: { repo: string; pr: number } | undefined;
  runId: string;
  now: number;
  maxCacheEntries: number;
}

/**
 * Remembers what this run reviewed: each answered hunk's findings go to the cache (an empty list is an
 * answer too), and the pull request's state records the hunk as reviewed.
 */
export async function rememberResults(options: RememberOptions): Promise<void> {
  const entries: { key: string; findings: CachedFinding[] }[] = [];
  const reviewed: string[] = [...options.cachedHunkKeys];
  for (const item of options.work) {
    if (!options.completed.has(item.unit.id)) continue;
    for (const file of item.files) {
      for (const hunk of file.hunks) {
        const keys = options.keysOf(file.path, hunk);
        const last = hunk.newStart + Math.max(hunk.newLines, 1) - 1;
        const findings = options.findings
          .filter(
            (finding) =>
              finding.path === file.path && finding.startLine >= hunk.newStart && finding.startLine <= last,
          )
          .map(({ path: _path, startLine, endLine, route: _route, ...finding }) => ({
            ...finding,
            startOffset: startLine - hunk.newStart,
            endOffset: endLine - hunk.newStart,
          }));
        entries.push({ key: keys.cache, findings });
        reviewed.push(keys.hunk);
      }
    }
  }
  await storeCache(options.db, entries, options.now, options.maxCacheEntries);
  if (options.pullRequest !== undefined) {
    await rememberReviewed(
      options.db,
      options.pullRequest.repo,
      options.pullRequest.pr,
      reviewed,
      options.runId,
      options.now,
    );
  }
}
