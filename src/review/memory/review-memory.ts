import type { Kysely } from 'kysely';
import type { Database } from '../../store/index.ts';
import type { Finding } from '../finding.ts';

/** A cached finding, its lines relative to the first new line of its hunk. */
export type CachedFinding = Omit<Finding, 'path' | 'startLine' | 'endLine' | 'route'> & {
  startOffset: number;
  endOffset: number;
};

const chunk = <T>(items: readonly T[], size = 500): T[][] =>
  Array.from({ length: Math.ceil(items.length / size) }, (_, index) =>
    items.slice(index * size, index * size + size),
  );

/** The cached answers among `keys`; marks each hit as just used (for least-recently-used eviction). */
export async function lookupCache(
  db: Kysely<Database>,
  keys: readonly string[],
  now: number,
): Promise<Map<string, CachedFinding[]>> {
  const hits = new Map<string, CachedFinding[]>();
  for (const part of chunk([...new Set(keys)])) {
    const rows = await db
      .selectFrom('review_hunk_cache')
      .select(['cache_key', 'findings'])
      .where('cache_key', 'in', part)
      .execute();
    for (const row of rows) hits.set(row.cache_key, JSON.parse(row.findings) as CachedFinding[]);
    if (rows.length > 0) {
      await db
        .updateTable('review_hunk_cache')
        .set({ last_used_at_ms: now })
        .where(
          'cache_key',
          'in',
          rows.map((row) => row.cache_key),
        )
        .execute();
    }
  }
  return hits;
}

/** Stores answers, then evicts the least recently used entries beyond `maxEntries`. */
export async function storeCache(
  db: Kysely<Database>,
  entries: readonly { key: string; findings: CachedFinding[] }[],
  now: number,
  maxEntries: number,
): Promise<void> {
  for (const part of chunk(entries)) {
    await db
      .insertInto('review_hunk_cache')
      .values(
        part.map((entry) => ({
          cache_key: entry.key,
          findings: JSON.stringify(entry.findings),
          created_at_ms: now,
          last_used_at_ms: now,
        })),
      )
      .onConflict((conflict) => conflict.column('cache_key').doNothing())
      .execute();
  }
  const [{ count } = { count: 0 }] = await db
    .selectFrom('review_hunk_cache')
    .select((eb) => eb.fn.countAll<number>().as('count'))
    .execute();
  const excess = Number(count) - maxEntries;
  if (excess <= 0) return;
  const oldest = await db
    .selectFrom('review_hunk_cache')
    .select('cache_key')
    .orderBy('last_used_at_ms')
    .orderBy('cache_key')
    .limit(excess)
    .execute();
  for (const part of chunk(oldest.map((row) => row.cache_key))) {
    await db.deleteFrom('review_hunk_cache').where('cache_key', 'in', part).execute();
  }
}

/** The hunks a pull request has had reviewed. */
export async function reviewedHunks(db: Kysely<Database>, repo: string, pr: number): Promise<Set<string>> {
  const rows = await db
    .selectFrom('review_pr_hunks')
    .select('hunk_key')
    .where('repo', '=', repo)
    .where('pr', '=', pr)
    .execute();
  return new Set(rows.map((row) => row.hunk_key));
}

/** Records hunks as reviewed for a pull request. */
export async function rememberReviewed(
  db: Kysely<Database>,
  repo: string,
  pr: number,
  keys: readonly string[],
  runId: string,
  now: number,
): Promise<void> {
  for (const part of chunk([...new Set(keys)])) {
    await db
      .insertInto('review_pr_hunks')
      .values(part.map((key) => ({ repo, pr, hunk_key: key, run_id: runId, reviewed_at_ms: now })))
      .onConflict((conflict) => conflict.columns(['repo', 'pr', 'hunk_key']).doNothing())
      .execute();
  }
}
