import type { Octokit } from '@octokit/rest';
import type { Kysely } from 'kysely';
import { recordFeedback } from '../../review/feedback/index.ts';
import type { Database } from '../../store/index.ts';

/**
 * Reads the 👍 and 👎 reactions on Steward's inline comments of a pull request and records each once
 * as feedback on its finding (GitHub sends no webhook for reactions, so they are polled: before each
 * review of the pull request and when it closes). Reactions by bots do not count. Returns how many
 * new signals were recorded.
 */
export async function collectReactions(
  octokit: Octokit,
  db: Kysely<Database>,
  target: { repo: string; pr: number },
): Promise<number> {
  const [owner = '', name = ''] = target.repo.split('/');
  const posted = await db
    .selectFrom('github_posted_findings')
    .select(['finding_id', 'category', 'comment_id'])
    .where('repo', '=', target.repo)
    .where('pr', '=', target.pr)
    .where('comment_id', 'is not', null)
    .execute();
  let recorded = 0;
  for (const row of posted) {
    let reactions: { content: string; created_at: string; user: { login: string; type?: string } | null }[];
    try {
      reactions = await octokit.paginate(octokit.rest.reactions.listForPullRequestReviewComment, {
        owner,
        repo: name,
        comment_id: row.comment_id!,
        per_page: 100,
      });
    } catch (error) {
      // A deleted comment has no reactions left to read.
      if ((error as { status?: number }).status === 404) continue;
      throw error;
    }
    for (const reaction of reactions) {
      if (reaction.user === null || reaction.user.type === 'Bot') continue;
      const kind =
        reaction.content === '+1' ? 'thumbs_up' : reaction.content === '-1' ? 'thumbs_down' : undefined;
      if (kind === undefined) continue;
      const fresh = await recordFeedback(db, {
        findingId: row.finding_id,
        repo: target.repo,
        pr: target.pr,
        category: row.category,
        kind,
        actor: reaction.user.login,
        at: Date.parse(reaction.created_at) || Date.now(),
      });
      if (fresh) recorded += 1;
    }
  }
  return recorded;
}
