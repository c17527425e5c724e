import type { Kysely } from 'kysely';
import type { Database } from '../../store/index.ts';

/**
 * `github_posted_findings` rows as the posting code uses them. A row is written *before* its comment is
 * posted, as a claim (`review_id` = -1): the table's primary key (repo, pr, fingerprint) lets exactly one
 * caller claim a finding, so two runs posting to the same pull request at once never post it twice. Once
 * GitHub answers, the claim becomes the record (`comment_id`, `review_id`); when GitHub refuses, the claim
 * is deleted so a later run may try again.
 *
 * A claim left behind by a crash is ambiguous: the comment may or may not have been posted. Posted
 * comments start with a hidden marker (see markers.ts), so the pull request's comments say which: a claim
 * whose marker is on GitHub is completed from it; a claim older than `claimTtlMs` whose marker is not on
 * GitHub was never posted, and may be claimed again.
 */

/** `review_id` of a claim: a finding being posted right now (or by a run that died). */
export const claimedReviewId = -1;
/** After this long, a claim whose comment is not on GitHub is taken to be a dead run's. */
export const claimTtlMs = 10 * 60_000;

export interface PostedRow {
  fingerprint: string;
  comment_id: number | null;
  review_id: number | null;
  posted_at_ms: number;
}

export interface FindingKey {
  repo: string;
  pr: number;
  fingerprint: string;
}

export function isClaim(row: PostedRow): boolean {
  return row.review_id === claimedReviewId;
}

/** Rows of a pull request, by fingerprint. */
export async function postedRows(
  db: Kysely<Database>,
  repo: string,
  pr: number,
): Promise<Map<string, PostedRow>> {
  const rows = await db
    .selectFrom('github_posted_findings')
    .select(['fingerprint', 'comment_id', 'review_id', 'posted_at_ms'])
    .where('repo', '=', repo)
    .where('pr', '=', pr)
    .execute();
  return new Map(
    rows.map((row) => [
      row.fingerprint,
      {
        fingerprint: row.fingerprint,
        comment_id: row.comment_id === null ? null : Number(row.comment_id),
        review_id: row.review_id === null ? null : Number(row.review_id),
        posted_at_ms: Number(row.posted_at_ms),
      },
    ]),
  );
}

/** Claims a finding for posting; false when a row for it exists already. */
export async function claimFinding(
  db: Kysely<Database>,
  key: FindingKey,
  finding: { findingId: string; category: string },
  now: number,
): Promise<boolean> {
  const result = await db
    .insertInto('github_posted_findings')
    .values({
      ...key,
      finding_id: finding.findingId,
      category: finding.category,
      comment_id: null,
      review_id: claimedReviewId,
      posted_at_ms: now,
    })
    .onConflict((conflict) => conflict.doNothing())
    .executeTakeFirst();
  return (result.numInsertedOrUpdatedRows ?? 0n) > 0n;
}

/** Takes over a stale claim made at `claimedAt`; false when someone else took it or completed it first. */
export async function reclaimFinding(
  db: Kysely<Database>,
  key: FindingKey,
  finding: { findingId: string; category: string },
  claimedAt: number,
  now: number,
): Promise<boolean> {
  const result = await db
    .updateTable('github_posted_findings')
    .set({ posted_at_ms: now, finding_id: finding.findingId, category: finding.category })
    .where('repo', '=', key.repo)
    .where('pr', '=', key.pr)
    .where('fingerprint', '=', key.fingerprint)
    .where('review_id', '=', claimedReviewId)
    .where('posted_at_ms', '=', claimedAt)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

/** Turns our claim (made at `claimedAt`) into the record of what was posted. */
export async function completeClaim(
  db: Kysely<Database>,
  key: FindingKey,
  claimedAt: number,
  posted: { commentId: number | null; reviewId: number | null },
  now: number,
): Promise<void> {
  await db
    .updateTable('github_posted_findings')
    .set({ comment_id: posted.commentId, review_id: posted.reviewId, posted_at_ms: now })
    .where('repo', '=', key.repo)
    .where('pr', '=', key.pr)
    .where('fingerprint', '=', key.fingerprint)
    .where('review_id', '=', claimedReviewId)
    .where('posted_at_ms', '=', claimedAt)
    .execute();
}

/** Deletes our claim (made at `claimedAt`): nothing was posted, a later run may try again. */
export async function releaseClaim(db: Kysely<Database>, key: FindingKey, claimedAt: number): Promise<void> {
  await db
    .deleteFrom('github_posted_findings')
    .where('repo', '=', key.repo)
    .where('pr', '=', key.pr)
    .where('fingerprint', '=', key.fingerprint)
    .where('review_id', '=', claimedReviewId)
    .where('posted_at_ms', '=', claimedAt)
    .execute();
}

/**
 * Records a finding comment found on GitHub by its marker: inserts the row when there is none, or fills
 * in the comment of a row that lacks it (a claim whose run died after posting).
 */
export async function recordFoundComment(
  db: Kysely<Database>,
  key: FindingKey,
  finding: { findingId: string; category: string },
  found: { commentId: number; reviewId: number | null },
  now: number,
): Promise<void> {
  await db
    .insertInto('github_posted_findings')
    .values({
      ...key,
      finding_id: finding.findingId,
      category: finding.category,
      comment_id: found.commentId,
      review_id: found.reviewId,
      posted_at_ms: now,
    })
    .onConflict((conflict) =>
      conflict
        .columns(['repo', 'pr', 'fingerprint'])
        .doUpdateSet({ comment_id: found.commentId, review_id: found.reviewId })
        .where('github_posted_findings.comment_id', 'is', null),
    )
    .execute();
}
