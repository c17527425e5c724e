import type { Kysely } from 'kysely';
import type { Database } from '../../store/index.ts';
import { addedLineNumbers, type FileChange } from '../change-set.ts';
import { recordFeedback } from '../feedback/index.ts';
import { hunkKey } from './hunk-key.ts';

/** Finds the hunk a new-side line belongs to, by the hunk's content key. */
export function hunkKeyLocator(
  files: readonly FileChange[],
): (path: string, line: number) => string | undefined {
  const byPath = new Map<string, { lines: Set<number>; key: string }[]>();
  for (const file of files) {
    const hunks = byPath.get(file.path) ?? [];
    for (const hunk of file.hunks)
      hunks.push({ lines: new Set(addedLineNumbers(hunk)), key: hunkKey(file.path, hunk) });
    byPath.set(file.path, hunks);
  }
  return (path, line) => byPath.get(path)?.find((hunk) => hunk.lines.has(line))?.key;
}

/**
 * Marks findings of earlier reviews of a pull request outdated when their hunk is no longer part of
 * the change (a later push removed or rewrote it). Those of them that were posted on GitHub get a
 * `changed` feedback signal (actor ''): the author acted on the lines they flagged. Returns how many
 * were marked now.
 */
export async function markOutdatedFindings(
  db: Kysely<Database>,
  target: { repo: string; pr: number },
  currentKeys: ReadonlySet<string>,
  now: number,
): Promise<number> {
  const earlier = await db
    .selectFrom('review_findings')
    .innerJoin('review_runs', 'review_runs.id', 'review_findings.run_id')
    .select(['review_findings.id', 'review_findings.hunk_key'])
    .where('review_runs.repo', '=', target.repo)
    .where('review_runs.pr', '=', target.pr)
    .where('review_findings.outdated_at_ms', 'is', null)
    .where('review_findings.hunk_key', 'is not', null)
    .execute();
  const outdated = earlier
    .filter((finding) => !currentKeys.has(finding.hunk_key!))
    .map((finding) => finding.id);
  for (let start = 0; start < outdated.length; start += 500) {
    await db
      .updateTable('review_findings')
      .set({ outdated_at_ms: now })
      .where('id', 'in', outdated.slice(start, start + 500))
      .execute();
    const posted = await db
      .selectFrom('github_posted_findings')
      .select(['finding_id', 'repo', 'pr', 'category'])
      .where('finding_id', 'in', outdated.slice(start, start + 500))
      .execute();
    for (const finding of posted) {
      await recordFeedback(db, {
        findingId: finding.finding_id,
        repo: finding.repo,
        pr: Number(finding.pr),
        category: finding.category,
        kind: 'changed',
        actor: '',
        at: now,
      });
    }
  }
  return outdated.length;
}
