import type { Kysely } from 'kysely';
import type { Database } from '../../store/index.ts';

/** The finding behind an inline review comment Steward posted. */
export interface CommentFinding {
  findingId: string;
  repo: string;
  pr: number;
  category: string;
}

/**
 * Which finding an inline comment is, through `github_posted_findings.comment_id`: undefined when the
 * comment is not one Steward posted. Webhook handlers use it to attach reactions, replies and resolutions.
 */
export async function feedbackForComment(
  db: Kysely<Database>,
  commentId: number,
): Promise<CommentFinding | undefined> {
  const row = await db
    .selectFrom('github_posted_findings')
    .select(['finding_id', 'repo', 'pr', 'category'])
    .where('comment_id', '=', commentId)
    .orderBy('posted_at_ms', 'desc')
    .limit(1)
    .executeTakeFirst();
  return row === undefined
    ? undefined
    : { findingId: row.finding_id, repo: row.repo, pr: Number(row.pr), category: row.category };
}
