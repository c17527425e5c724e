import type { Octokit } from '@octokit/rest';
import { markedFingerprint } from './markers.ts';

export interface PullRequestAddress {
  owner: string;
  name: string;
  pr: number;
}

export interface FoundComment {
  commentId: number;
  /** The review it belongs to; undefined for a conversation (issue) comment. */
  reviewId: number | null;
  url: string;
}

/**
 * Steward's finding comments on a pull request's diff, by the fingerprint in their marker (the first
 * comment of a fingerprint wins; replies never count). This is what GitHub says was posted, whatever
 * the database says.
 */
export async function findingCommentsOnDiff(
  octokit: Octokit,
  address: PullRequestAddress,
): Promise<Map<string, FoundComment>> {
  const comments = await octokit.paginate(octokit.rest.pulls.listReviewComments, {
    owner: address.owner,
    repo: address.name,
    pull_number: address.pr,
    per_page: 100,
  });
  const found = new Map<string, FoundComment>();
  for (const comment of comments) {
    if (comment.in_reply_to_id != null) continue;
    const fingerprint = markedFingerprint(comment.body);
    if (fingerprint === undefined || found.has(fingerprint)) continue;
    found.set(fingerprint, {
      commentId: Number(comment.id),
      reviewId: comment.pull_request_review_id == null ? null : Number(comment.pull_request_review_id),
      url: comment.html_url,
    });
  }
  return found;
}

/** Steward's finding comments in a pull request's conversation (findings that could not go on a line). */
export async function findingCommentsInConversation(
  octokit: Octokit,
  address: PullRequestAddress,
): Promise<Map<string, FoundComment>> {
  const comments = await octokit.paginate(octokit.rest.issues.listComments, {
    owner: address.owner,
    repo: address.name,
    issue_number: address.pr,
    per_page: 100,
  });
  const found = new Map<string, FoundComment>();
  for (const comment of comments) {
    const fingerprint = markedFingerprint(comment.body);
    if (fingerprint === undefined || found.has(fingerprint)) continue;
    found.set(fingerprint, { commentId: Number(comment.id), reviewId: null, url: comment.html_url });
  }
  return found;
}
