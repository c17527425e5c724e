import type { Octokit } from '@octokit/rest';
import type { Kysely } from 'kysely';
import type { Database } from '../../store/index.ts';
import { postingError, statusOf } from './github-posting-error.ts';
import { isSummaryBody } from './markers.ts';
import type { PullRequestAddress } from './posted-on-github.ts';

export interface SummaryComment {
  id: number;
  url: string;
}

/**
 * Writes the pull request's one summary comment, edited in place on every run. The comment is the one
 * whose id `github_pull_requests.summary_comment_id` keeps; when none is kept, or it is gone (404) or
 * cannot be edited (403), the pull request's conversation is searched for the summary marker, and only
 * when no marked comment can be edited is a new one created. Two runs that both create one at once
 * converge: each then keeps the oldest marked comment and deletes its own.
 */
export async function writeSummaryComment(options: {
  octokit: Octokit;
  db: Kysely<Database>;
  repo: string;
  address: PullRequestAddress;
  body: string;
  now: number;
}): Promise<SummaryComment> {
  const { octokit, address, body } = options;
  const reference = `${options.repo}#${address.pr}`;
  const stored = await options.db
    .selectFrom('github_pull_requests')
    .select('summary_comment_id')
    .where('repo', '=', options.repo)
    .where('pr', '=', address.pr)
    .executeTakeFirst();
  const storedId = stored?.summary_comment_id == null ? undefined : Number(stored.summary_comment_id);

  let written: SummaryComment | undefined;
  if (storedId !== undefined) written = await tryEdit(octokit, address, storedId, body, reference);
  if (written === undefined) {
    const marked = await markedComments(octokit, address, reference);
    for (const id of marked) {
      if (id === storedId) continue;
      written = await tryEdit(octokit, address, id, body, reference);
      if (written !== undefined) break;
    }
  }
  if (written === undefined) {
    const created = await octokit.rest.issues
      .createComment({ owner: address.owner, repo: address.name, issue_number: address.pr, body })
      .catch((error: unknown) =>
        Promise.reject(postingError(error, `create the summary comment of ${reference}`)),
      );
    written = { id: Number(created.data.id), url: created.data.html_url };
    written = await keepOldest(octokit, address, written, body, reference);
  }
  await options.db
    .insertInto('github_pull_requests')
    .values({
      repo: options.repo,
      pr: address.pr,
      installation_id: null,
      paused: 0,
      summary_comment_id: written.id,
      updated_at_ms: options.now,
    })
    .onConflict((conflict) =>
      conflict
        .columns(['repo', 'pr'])
        .doUpdateSet({ summary_comment_id: written.id, updated_at_ms: options.now }),
    )
    .execute();
  return written;
}

/** Edits a comment; undefined when it is gone or not ours to edit. */
async function tryEdit(
  octokit: Octokit,
  address: PullRequestAddress,
  id: number,
  body: string,
  reference: string,
): Promise<SummaryComment | undefined> {
  try {
    const { data } = await octokit.rest.issues.updateComment({
      owner: address.owner,
      repo: address.name,
      comment_id: id,
      body,
    });
    return { id: Number(data.id), url: data.html_url };
  } catch (error) {
    const status = statusOf(error);
    if (status === 404 || status === 403 || status === 410) return undefined;
    throw postingError(error, `edit the summary comment of ${reference}`);
  }
}

/** Ids of the conversation's comments that start with the summary marker, oldest first. */
async function markedComments(
  octokit: Octokit,
  address: PullRequestAddress,
  reference: string,
): Promise<number[]> {
  const comments = await octokit
    .paginate(octokit.rest.issues.listComments, {
      owner: address.owner,
      repo: address.name,
      issue_number: address.pr,
      per_page: 100,
    })
    .catch((error: unknown) => Promise.reject(postingError(error, `list the comments of ${reference}`)));
  return comments
    .filter((comment) => isSummaryBody(comment.body))
    .map((comment) => Number(comment.id))
    .sort((left, right) => left - right);
}

/**
 * After creating a summary comment: if an older marked comment exists (another run created one at the
 * same time), write to that one and delete ours, so one summary comment remains.
 */
async function keepOldest(
  octokit: Octokit,
  address: PullRequestAddress,
  created: SummaryComment,
  body: string,
  reference: string,
): Promise<SummaryComment> {
  const marked = await markedComments(octokit, address, reference);
  const oldest = marked[0];
  if (oldest === undefined || oldest >= created.id) return created;
  const kept = await tryEdit(octokit, address, oldest, body, reference);
  if (kept === undefined) return created;
  try {
    await octokit.rest.issues.deleteComment({
      owner: address.owner,
      repo: address.name,
      comment_id: created.id,
    });
  } catch (error) {
    if (statusOf(error) !== 404)
      throw postingError(error, `delete a duplicate summary comment of ${reference}`);
  }
  return kept;
}
