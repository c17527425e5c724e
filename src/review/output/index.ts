export { formatReviewJson, toReviewJson } from './review-json.ts';
export { type ReviewJson, reviewJsonSchema } from './review-json-schema.ts';
export { formatReviewMarkdown, githubCommentLimit, type ReviewMarkdownOptions } from './review-markdown.ts';
export { formatReviewSarif, type ReviewSarifOptions } from './review-sarif.ts';
export { formatReviewText, type ReviewTextOptions } from './review-text.ts';
export { type SarifLimits, sarifLimits } from './sarif-limits.ts';
