import type { Octokit } from '@octokit/rest';
import type { Kysely } from 'kysely';
import type { GitHubConfig } from '../../config/index.ts';
import { UsageError } from '../../errors/index.ts';
import type { FileChange } from '../../review/change-set.ts';
import { type Finding, severityRank } from '../../review/finding.ts';
import { findingFingerprints } from '../../review/output/finding-fingerprint.ts';
import { plural } from '../../review/output/format-count.ts';
import type { ReviewReport } from '../../review/review-report.ts';
import { parseRepositoryName } from '../../review/source/index.ts';
import type { Database } from '../../store/index.ts';
import { isAnchored } from './anchor.ts';
import { checkRunTextLength, createCheckRun } from './check-run.ts';
import { inlineCommentBody } from './comment-body.ts';
import { gitHubReason, postingError, statusOf } from './github-posting-error.ts';
import { markedFingerprint, reviewMarker } from './markers.ts';
import {
  claimFinding,
  claimTtlMs,
  completeClaim,
  type FindingKey,
  isClaim,
  postedRows,
  reclaimFinding,
  recordFoundComment,
  releaseClaim,
} from './posted-findings.ts';
import { type FoundComment, findingCommentsOnDiff, type PullRequestAddress } from './posted-on-github.ts';
import { writeSummaryComment } from './summary-comment.ts';
import { formatSummaryMarkdown, type PostingOutcome, summaryLine } from './summary-markdown.ts';

export interface PostReviewOptions {
  /** A client authenticated with a token or as an App installation. */
  octokit: Octokit;
  db: Kysely<Database>;
  /** `owner/name` */
  repo: string;
  pr: number;
  /** The head the review looked at: comments are made on it. */
  headSha: string;
  report: ReviewReport;
  /** The pull request's files as reviewed: where a finding may sit inline. */
  files: readonly FileChange[];
  config: Pick<GitHubConfig, 'max_inline_comments' | 'check_run'>;
  /** Hints that went to the human review queue, shown in the summary. */
  queued?: number;
  /** Milliseconds since the epoch. */
  now: number;
}

export interface PostReviewResult {
  /** The review this run submitted (absent when there was nothing new to post inline). */
  reviewId?: number;
  /** Inline comments this run posted. */
  posted: number;
  /** Findings of the report already on the pull request (or being posted by another run right now). */
  alreadyPosted: number;
  /** Findings over `max_inline_comments`: in the summary comment instead. */
  overflow: number;
  /** Findings not on lines of the diff: in the summary comment instead. */
  unanchored: number;
  /** Findings GitHub refused inline (422): in the summary comment instead. */
  refused: number;
  summaryCommentId: number;
  summaryCommentUrl: string;
  /** Absent when `check_run` is off or the check run could not be created (see `notes`). */
  checkRunId?: number;
  checkRunConclusion?: 'success' | 'neutral';
  /** What went wrong without failing the posting. */
  notes: string[];
}

interface Candidate {
  finding: Finding;
  fingerprint: string;
  key: FindingKey;
  findingId: string;
  category: string;
}

interface Claimed extends Candidate {
  claimedAt: number;
  body: string;
}

/**
 * Posts a review to its pull request: new `post` findings as inline comments of one review (most severe
 * first, at most `max_inline_comments`), everything else in the pull request's one summary comment
 * (edited in place), and a check run. A finding is never posted twice on a pull request, across runs and
 * concurrent calls: see posted-findings.ts for the claim-then-post protocol and markers.ts for how
 * GitHub's own comments settle what a crashed run left behind.
 */
export async function postReviewToPullRequest(options: PostReviewOptions): Promise<PostReviewResult> {
  const { octokit, db, report, now } = options;
  const { owner, name } = parseRepositoryName(options.repo);
  checkArguments(options);
  const address: PullRequestAddress = { owner, name, pr: options.pr };
  const reference = `${options.repo}#${options.pr}`;

  // Fingerprints over all findings (hints too), as the review queue computes them: the same finding has
  // the same fingerprint wherever it is recorded.
  const fingerprints = findingFingerprints(report.findings);
  const candidates: Candidate[] = [];
  report.findings.forEach((finding, index) => {
    if (finding.route === 'hint') return;
    const fingerprint = fingerprints[index] ?? '';
    candidates.push({
      finding,
      fingerprint,
      key: { repo: options.repo, pr: options.pr, fingerprint },
      findingId: finding.id ?? `${report.runId}/${fingerprint}`,
      category: finding.category,
    });
  });
  candidates.sort(
    (left, right) => severityRank(left.finding.severity) - severityRank(right.finding.severity),
  );

  // What is on the pull request already: GitHub's comments first, then the database.
  const onDiff: Map<string, FoundComment> =
    candidates.length === 0
      ? new Map()
      : await findingCommentsOnDiff(octokit, address).catch((error: unknown) =>
          Promise.reject(postingError(error, `list the review comments of ${reference}`)),
        );
  const rows = await postedRows(db, options.repo, options.pr);
  const postedBefore: PostingOutcome['postedBefore'] = [];
  const fresh: { candidate: Candidate; staleClaimAt?: number }[] = [];
  for (const candidate of candidates) {
    const found = onDiff.get(candidate.fingerprint);
    const row = rows.get(candidate.fingerprint);
    if (found !== undefined) {
      if (row === undefined || row.comment_id === null) {
        await recordFoundComment(db, candidate.key, candidate, found, now);
      }
      postedBefore.push({ finding: candidate.finding, url: found.url });
    } else if (row === undefined) {
      fresh.push({ candidate });
    } else if (isClaim(row) && now - row.posted_at_ms >= claimTtlMs) {
      // A dead run's claim: its comment is not on GitHub, so it was never posted.
      fresh.push({ candidate, staleClaimAt: row.posted_at_ms });
    } else {
      postedBefore.push({ finding: candidate.finding });
    }
  }

  const unanchored: Finding[] = [];
  const inline: (typeof fresh)[number][] = [];
  for (const entry of fresh) {
    if (isAnchored(entry.candidate.finding, options.files)) inline.push(entry);
    else unanchored.push(entry.candidate.finding);
  }
  const limit = options.config.max_inline_comments;
  const overflow = inline.slice(limit).map((entry) => entry.candidate.finding);
  // A dead run's claim on a finding this run does not post either is dropped: it would block it forever.
  for (const entry of [...fresh.filter((item) => !inline.includes(item)), ...inline.slice(limit)]) {
    if (entry.staleClaimAt !== undefined) await releaseClaim(db, entry.candidate.key, entry.staleClaimAt);
  }

  const claimed: Claimed[] = [];
  for (const { candidate, staleClaimAt } of inline.slice(0, limit)) {
    const won =
      staleClaimAt === undefined
        ? await claimFinding(db, candidate.key, candidate, now)
        : await reclaimFinding(db, candidate.key, candidate, staleClaimAt, now);
    if (won)
      claimed.push({
        ...candidate,
        claimedAt: now,
        body: inlineCommentBody(candidate.finding, candidate.fingerprint),
      });
    else postedBefore.push({ finding: candidate.finding });
  }

  const posted: PostingOutcome['posted'] = [];
  const refused: PostingOutcome['refused'] = [];
  const notes: string[] = [];
  let reviewId: number | undefined;
  if (claimed.length > 0) {
    let submitted: { reviewId: number; comments: Map<string, { id: number; url: string }> } | undefined;
    try {
      submitted = await submitReview({ octokit, address, headSha: options.headSha, claimed });
    } catch (error) {
      if (statusOf(error) !== 422) {
        await Promise.all(claimed.map((entry) => releaseClaim(db, entry.key, entry.claimedAt)));
        throw postingError(error, `post a review on ${reference}`);
      }
      notes.push(
        `GitHub refused the review as a whole (${gitHubReason(error)}): its comments were posted one by one.`,
      );
      reviewId = await postOneByOne({
        octokit,
        db,
        address,
        headSha: options.headSha,
        claimed,
        posted,
        refused,
        now,
        reference,
      });
    }
    if (submitted !== undefined) {
      reviewId = submitted.reviewId;
      for (const entry of claimed) {
        const comment = submitted.comments.get(entry.fingerprint);
        await completeClaim(
          db,
          entry.key,
          entry.claimedAt,
          { commentId: comment?.id ?? null, reviewId },
          now,
        );
        posted.push({ finding: entry.finding, ...(comment === undefined ? {} : { url: comment.url }) });
      }
    }
  }

  const outcome: PostingOutcome = {
    report,
    headSha: options.headSha,
    posted,
    postedBefore,
    overflow,
    maxInlineComments: limit,
    unanchored,
    refused,
    ...(options.queued === undefined ? {} : { queued: options.queued }),
    notes,
    now,
  };

  let checkRunId: number | undefined;
  let checkRunConclusion: 'success' | 'neutral' | undefined;
  if (options.config.check_run) {
    const partial =
      report.incomplete.length > 0 || report.plan.leftOut.length > 0 || report.unseen.length > 0;
    const conclusion = candidates.length > 0 || partial ? 'neutral' : 'success';
    const checkRun = await createCheckRun({
      octokit,
      address,
      headSha: options.headSha,
      conclusion,
      title:
        candidates.length === 0
          ? partial
            ? 'No findings · review partial'
            : 'No findings'
          : `${plural(candidates.length, 'finding')}${partial ? ' · review partial' : ''}`,
      summary: summaryLine(outcome),
      text: formatSummaryMarkdown(outcome, { maxLength: checkRunTextLength, marker: false }),
      now,
    });
    if ('id' in checkRun) {
      checkRunId = checkRun.id;
      checkRunConclusion = conclusion;
    } else {
      notes.push(checkRun.failure);
    }
  }

  const summary = await writeSummaryComment({
    octokit,
    db,
    repo: options.repo,
    address,
    body: formatSummaryMarkdown(outcome),
    now,
  });

  return {
    ...(reviewId === undefined ? {} : { reviewId }),
    posted: posted.length,
    alreadyPosted: postedBefore.length,
    overflow: overflow.length,
    unanchored: unanchored.length,
    refused: refused.length,
    summaryCommentId: summary.id,
    summaryCommentUrl: summary.url,
    ...(checkRunId === undefined ? {} : { checkRunId }),
    ...(checkRunConclusion === undefined ? {} : { checkRunConclusion }),
    notes,
  };
}

interface PostContext {
  octokit: Octokit;
  db: Kysely<Database>;
  address: PullRequestAddress;
  headSha: string;
  claimed: Claimed[];
  posted: PostingOutcome['posted'];
  now: number;
}

/**
 * Submits every claimed comment as one review; returns its id and the comments it holds by fingerprint
 * (the review's answer has no comments: they are listed and matched by marker, for their ids).
 */
async function submitReview(context: Pick<PostContext, 'octokit' | 'address' | 'headSha' | 'claimed'>) {
  const { octokit, address, claimed } = context;
  const { data: review } = await octokit.rest.pulls.createReview({
    owner: address.owner,
    repo: address.name,
    pull_number: address.pr,
    commit_id: context.headSha,
    event: 'COMMENT',
    body: `${reviewMarker}\nSteward: ${plural(claimed.length, 'finding')} on this change, most severe first. The summary comment has the rest of the review.`,
    comments: claimed.map((entry) => ({
      path: entry.finding.path,
      line: entry.finding.endLine,
      side: 'RIGHT' as const,
      ...(entry.finding.startLine < entry.finding.endLine
        ? { start_line: entry.finding.startLine, start_side: 'RIGHT' as const }
        : {}),
      body: entry.body,
    })),
  });
  const reviewId = Number(review.id);
  const comments = new Map<string, { id: number; url: string }>();
  try {
    const listed = await octokit.paginate(octokit.rest.pulls.listCommentsForReview, {
      owner: address.owner,
      repo: address.name,
      pull_number: address.pr,
      review_id: reviewId,
      per_page: 100,
    });
    for (const comment of listed) {
      const fingerprint = markedFingerprint(comment.body);
      if (fingerprint !== undefined && !comments.has(fingerprint)) {
        comments.set(fingerprint, { id: Number(comment.id), url: comment.html_url });
      }
    }
  } catch {
    // Posted all the same: recorded without comment ids, which a later run fills in from the markers.
  }
  return { reviewId, comments };
}

/**
 * After GitHub refused the review as a whole: posts each comment alone, so that one comment GitHub
 * cannot place does not cost the others. A refused comment (422) goes to the summary; any other error
 * stops, keeping what was posted and releasing the rest. Returns the review of the first comment posted.
 */
async function postOneByOne(
  context: PostContext & { refused: PostingOutcome['refused']; reference: string },
): Promise<number | undefined> {
  const { octokit, db, address } = context;
  let firstReviewId: number | undefined;
  for (const [index, entry] of context.claimed.entries()) {
    let comment: { id: number; url: string; reviewId: number | null };
    try {
      const { data } = await octokit.rest.pulls.createReviewComment({
        owner: address.owner,
        repo: address.name,
        pull_number: address.pr,
        commit_id: context.headSha,
        path: entry.finding.path,
        line: entry.finding.endLine,
        side: 'RIGHT',
        ...(entry.finding.startLine < entry.finding.endLine
          ? { start_line: entry.finding.startLine, start_side: 'RIGHT' as const }
          : {}),
        body: entry.body,
      });
      comment = {
        id: Number(data.id),
        url: data.html_url,
        reviewId: data.pull_request_review_id == null ? null : Number(data.pull_request_review_id),
      };
    } catch (error) {
      await releaseClaim(db, entry.key, entry.claimedAt);
      if (statusOf(error) === 422) {
        context.refused.push({ finding: entry.finding, reason: gitHubReason(error) });
        continue;
      }
      await Promise.all(
        context.claimed.slice(index + 1).map((rest) => releaseClaim(db, rest.key, rest.claimedAt)),
      );
      throw postingError(error, `post a review comment on ${context.reference}`);
    }
    firstReviewId ??= comment.reviewId ?? undefined;
    await completeClaim(
      db,
      entry.key,
      entry.claimedAt,
      { commentId: comment.id, reviewId: comment.reviewId },
      context.now,
    );
    context.posted.push({ finding: entry.finding, url: comment.url });
  }
  return firstReviewId;
}

function checkArguments(options: PostReviewOptions): void {
  if (!Number.isSafeInteger(options.pr) || options.pr < 1) {
    throw new UsageError(`${options.pr} is not a pull request number`, {
      hint: 'pass the number shown after # on GitHub',
    });
  }
  if (!/^[0-9a-f]{40}([0-9a-f]{24})?$/i.test(options.headSha)) {
    throw new UsageError(`"${options.headSha}" is not a commit id`, {
      hint: 'pass the full head SHA of the pull request',
    });
  }
  if (options.report.planOnly) {
    throw new UsageError('a plan-only review has nothing to post', { hint: 'run the review without --plan' });
  }
  if (!Number.isSafeInteger(options.config.max_inline_comments) || options.config.max_inline_comments < 1) {
    throw new UsageError(
      `github.max_inline_comments must be 1 or more, got ${options.config.max_inline_comments}`,
    );
  }
}
