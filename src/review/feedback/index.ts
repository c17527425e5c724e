export { type CategoryThresholds, calibratedThresholds } from './calibrate.ts';
export {
  type CategoryStat,
  type CategoryStats,
  categoryStats,
  summarizeFeedback,
  type Verdict,
  verdictOf,
} from './category-stats.ts';
export { type CommentFinding, feedbackForComment } from './feedback-for-comment.ts';
export { type FeedbackKind, type FeedbackSignal, recordFeedback } from './record-feedback.ts';
