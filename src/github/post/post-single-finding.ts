import type { Octokit } from '@octokit/rest';
import type { Kysely } from 'kysely';
import { UsageError } from '../../errors/index.ts';
import type { FileChange } from '../../review/change-set.ts';
import type { Finding } from '../../review/finding.ts';
import { findingFingerprints } from '../../review/output/finding-fingerprint.ts';
import { parseRepositoryName } from '../../review/source/index.ts';
import type { Database } from '../../store/index.ts';
import { isAnchored } from './anchor.ts';
import { inlineCommentBody, issueCommentBody } from './comment-body.ts';
import { postingError, statusOf } from './github-posting-error.ts';
import { isMarkableFingerprint } from './markers.ts';
import {
  claimFinding,
  claimTtlMs,
  completeClaim,
  isClaim,
  postedRows,
  reclaimFinding,
  recordFoundComment,
  releaseClaim,
} from './posted-findings.ts';
import { findingCommentsInConversation, findingCommentsOnDiff } from './posted-on-github.ts';

export interface PostSingleFindingOptions {
  octokit: Octokit;
  db: Kysely<Database>;
  /** `owner/name` */
  repo: string;
  pr: number;
  /** The head to comment on. */
  headSha: string;
  finding: Finding;
  /**
   * The finding's identity on the pull request. Pass the one it was queued under (`review_queue.fingerprint`):
   * by default it is computed from the finding alone, which numbers it as the first of its kind in its file.
   */
  fingerprint?: string;
  /** The pull request's files at `headSha`: when given, a finding off the diff goes straight to the conversation. */
  files?: readonly FileChange[];
  now: number;
}

export interface PostSingleFindingResult {
  /** False when the finding was on the pull request already (or being posted by another call). */
  posted: boolean;
  /** Where it went: a review comment on its lines, or a conversation comment naming them. */
  as?: 'review-comment' | 'issue-comment';
  commentId?: number;
  url?: string;
}

/**
 * Posts one finding, such as a hint a human accepted from the review queue: as a review comment on its
 * lines when GitHub can place it there, else as a conversation comment that names `path` and lines.
 * Recorded in `github_posted_findings` like a review's findings, under the same claim-then-post protocol:
 * a second call for the same fingerprint posts nothing.
 */
export async function postSingleFinding(options: PostSingleFindingOptions): Promise<PostSingleFindingResult> {
  const { octokit, db, finding, now } = options;
  const { owner, name } = parseRepositoryName(options.repo);
  if (!Number.isSafeInteger(options.pr) || options.pr < 1) {
    throw new UsageError(`${options.pr} is not a pull request number`, {
      hint: 'pass the number shown after # on GitHub',
    });
  }
  const fingerprint = options.fingerprint ?? findingFingerprints([finding])[0] ?? '';
  if (!isMarkableFingerprint(fingerprint)) {
    throw new UsageError(`"${fingerprint}" is not a finding fingerprint`, {
      hint: 'pass the fingerprint findingFingerprints gave the finding',
    });
  }
  const address = { owner, name, pr: options.pr };
  const reference = `${options.repo}#${options.pr}`;
  const key = { repo: options.repo, pr: options.pr, fingerprint };
  const identity = { findingId: finding.id ?? fingerprint, category: finding.category };

  const row = (await postedRows(db, options.repo, options.pr)).get(fingerprint);
  let claimed: boolean;
  if (row === undefined) {
    claimed = await claimFinding(db, key, identity, now);
  } else if (isClaim(row) && now - row.posted_at_ms >= claimTtlMs) {
    // A dead call's claim: settle it from GitHub before taking it over.
    const onDiff = await findingCommentsOnDiff(octokit, address).catch((error: unknown) =>
      Promise.reject(postingError(error, `list the review comments of ${reference}`)),
    );
    const found = onDiff.get(fingerprint);
    if (found !== undefined) {
      await recordFoundComment(db, key, identity, found, now);
      return { posted: false };
    }
    const inConversation = await findingCommentsInConversation(octokit, address).catch((error: unknown) =>
      Promise.reject(postingError(error, `list the comments of ${reference}`)),
    );
    if (inConversation.has(fingerprint)) {
      await completeClaim(db, key, row.posted_at_ms, { commentId: null, reviewId: null }, now);
      return { posted: false };
    }
    claimed = await reclaimFinding(db, key, identity, row.posted_at_ms, now);
  } else {
    claimed = false;
  }
  if (!claimed) return { posted: false };

  let posted: PostSingleFindingResult & { reviewId: number | null };
  try {
    posted = await post();
  } catch (error) {
    // Nothing was posted: a later call may try again.
    await releaseClaim(db, key, now);
    throw postingError(error, `post a finding on ${reference}`);
  }
  // A conversation comment is not an inline comment: its row keeps no comment id (see the table's doc).
  await completeClaim(
    db,
    key,
    now,
    {
      commentId: posted.as === 'review-comment' ? (posted.commentId ?? null) : null,
      reviewId: posted.reviewId,
    },
    now,
  );
  const { reviewId: _reviewId, ...result } = posted;
  return result;

  async function post(): Promise<PostSingleFindingResult & { reviewId: number | null }> {
    const inline = options.files === undefined || isAnchored(finding, options.files);
    if (inline) {
      try {
        const { data } = await octokit.rest.pulls.createReviewComment({
          owner,
          repo: name,
          pull_number: options.pr,
          commit_id: options.headSha,
          path: finding.path,
          line: finding.endLine,
          side: 'RIGHT',
          ...(finding.startLine < finding.endLine
            ? { start_line: finding.startLine, start_side: 'RIGHT' as const }
            : {}),
          body: inlineCommentBody(finding, fingerprint),
        });
        return {
          posted: true,
          as: 'review-comment',
          commentId: Number(data.id),
          url: data.html_url,
          reviewId: data.pull_request_review_id == null ? null : Number(data.pull_request_review_id),
        };
      } catch (error) {
        // GitHub cannot place it on the diff (the lines moved, the head changed): say it in the conversation.
        if (statusOf(error) !== 422) throw error;
      }
    }
    const { data } = await octokit.rest.issues.createComment({
      owner,
      repo: name,
      issue_number: options.pr,
      body: issueCommentBody(finding, fingerprint),
    });
    return {
      posted: true,
      as: 'issue-comment',
      commentId: Number(data.id),
      url: data.html_url,
      reviewId: null,
    };
  }
}
