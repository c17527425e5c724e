export {
  acquireReviewLease,
  type LeaseResult,
  type PullRequestHead,
  releaseReviewLease,
  renewReviewLease,
} from './review-lease.ts';
export { runawayCheck } from './runaway-check.ts';
export {
  nothingToDo,
  type SingleFlight,
  type SingleFlightOptions,
  startSingleFlight,
} from './start-single-flight.ts';
