export { type FeedbackKind, type FeedbackSignal, recordFeedback } from './record-feedback.ts';
