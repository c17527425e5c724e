export { isAnchored } from './anchor.ts';
export { checkRunName } from './check-run.ts';
export { inlineCommentBody, issueCommentBody, suggestionBlock } from './comment-body.ts';
export { GitHubPostingError } from './github-posting-error.ts';
export { findingMarker, markedFingerprint, reviewMarker, summaryMarker } from './markers.ts';
export { type PostReviewOptions, type PostReviewResult, postReviewToPullRequest } from './post-review.ts';
export {
  type PostSingleFindingOptions,
  type PostSingleFindingResult,
  postSingleFinding,
} from './post-single-finding.ts';
export { claimedReviewId, claimTtlMs } from './posted-findings.ts';
export { formatSummaryMarkdown, type PostingOutcome } from './summary-markdown.ts';
