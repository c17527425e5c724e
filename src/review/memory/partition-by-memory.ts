import type { Kysely } from 'kysely';
import type { StewardConfig } from '../../config/index.ts';
import type { Database } from '../../store/index.ts';
import type { FileChange, Hunk } from '../change-set.ts';
import type { Finding } from '../finding.ts';
import { levelFor } from '../plan/build-units.ts';
import type { FileScore, SkippedFile } from '../review-plan.ts';
import { promptVersion } from '../run/review-prompts.ts';
import { cacheKey, hunkKey } from './hunk-key.ts';
import { lookupCache, reviewedHunks } from './review-memory.ts';

export interface MemoryOptions {
  db: Kysely<Database>;
  files: readonly FileChange[];
  scores: ReadonlyMap<string, FileScore>;
  config: StewardConfig;
  /** Digest of the rules and team context every answer depends on. */
  context: string;
  /** The pull request whose review state applies, if any. */
  pullRequest?: { repo: string; pr: number } | undefined;
  /** Review everything again: ignore the pull request's state and the cache. */
  full: boolean;
  now: number;
}

export interface MemoryPartition {
  /** The files with only the hunks still to review; files with none left are dropped. */
  files: FileChange[];
  /** Findings of hunks answered from the cache, on today's lines. */
  cached: Finding[];
  /** Files with nothing left to review, and why. */
  skipped: SkippedFile[];
  alreadyReviewed: number;
  cacheHits: number;
  /** Hunk keys answered from the cache: reviewed for this pull request from now on. */
  cachedHunkKeys: string[];
  /** The keys of a hunk, for remembering it once reviewed. */
  keysOf(path: string, hunk: Hunk): { hunk: string; cache: string };
}

/**
 * Splits the change into what must be reviewed now and what is already known: hunks this pull request
 * had reviewed before (not paid for, not reported again) and hunks whose answer is cached (reused at no
 * cost, wherever the same change was reviewed: another branch, a cherry-pick, a revert).
 */
export async function partitionByMemory(options: MemoryOptions): Promise<MemoryPartition> {
  const { config } = options;
  const keys = new Map<Hunk, { hunk: string; cache: string }>();
  const keysOf = (path: string, hunk: Hunk) => {
    let entry = keys.get(hunk);
    if (entry === undefined) {
      const level = levelFor(options.scores.get(path)?.risk ?? 0, config.review).level;
      const model = config.tiers[config.review.tiers[level]]?.model ?? '';
      const key = hunkKey(path, hunk);
      entry = {
        hunk: key,
        cache: cacheKey({ hunk: key, context: options.context, model, promptVersion, level }),
      };
      keys.set(hunk, entry);
    }
    return entry;
  };
  if (options.full) {
    return {
      files: [...options.files],
      cached: [],
      skipped: [],
      alreadyReviewed: 0,
      cacheHits: 0,
      cachedHunkKeys: [],
      keysOf,
    };
  }
  const reviewed =
    options.pullRequest === undefined
      ? new Set<string>()
      : await reviewedHunks(options.db, options.pullRequest.repo, options.pullRequest.pr);
  const cache = await lookupCache(
    options.db,
    options.files.flatMap((file) => file.hunks.map((hunk) => keysOf(file.path, hunk).cache)),
    options.now,
  );

  const files: FileChange[] = [];
  const cached: Finding[] = [];
  const skipped: SkippedFile[] = [];
  const cachedHunkKeys: string[] = [];
  let alreadyReviewed = 0;
  let cacheHits = 0;
  for (const file of options.files) {
    const remaining: Hunk[] = [];
    let fileReviewed = 0;
    let fileCached = 0;
    for (const hunk of file.hunks) {
      const key = keysOf(file.path, hunk);
      if (reviewed.has(key.hunk)) {
        fileReviewed++;
        continue;
      }
      const hit = cache.get(key.cache);
      if (hit !== undefined) {
        fileCached++;
        cachedHunkKeys.push(key.hunk);
        for (const { startOffset, endOffset, ...finding } of hit) {
          cached.push({
            ...finding,
            path: file.path,
            startLine: hunk.newStart + startOffset,
            endLine: hunk.newStart + endOffset,
          });
        }
        continue;
      }
      remaining.push(hunk);
    }
    alreadyReviewed += fileReviewed;
    cacheHits += fileCached;
    if (remaining.length === file.hunks.length) files.push(file);
    else if (remaining.length > 0) files.push(withHunks(file, remaining));
    else {
      skipped.push({
        path: file.path,
        reason:
          fileCached === 0
            ? 'already reviewed in this pull request'
            : fileReviewed === 0
              ? 'answered from the review cache'
              : 'already reviewed, or answered from the review cache',
      });
    }
  }
  return { files, cached, skipped, alreadyReviewed, cacheHits, cachedHunkKeys, keysOf };
}

function withHunks(file: FileChange, hunks: Hunk[]): FileChange {
  const count = (prefix: string) =>
    hunks.reduce((sum, hunk) => sum + hunk.lines.filter((line) => line.startsWith(prefix)).length, 0);
  return { ...file, hunks, additions: count('+'), deletions: count('-') };
}
