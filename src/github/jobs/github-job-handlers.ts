import { collectFeedbackJob } from './collect-feedback.ts';
import type { GitHubJobContext } from './github-job-context.ts';
import {
  collectFeedbackJob as collectFeedbackKind,
  reviewPullRequestJob as reviewKind,
} from './job-payloads.ts';
import { reviewPullRequestJob } from './review-pull-request.ts';

/** The job handlers of the GitHub integration, by job kind. */
export function gitHubJobHandlers(
  context: GitHubJobContext,
): Record<string, (payload: unknown, job: { signal: AbortSignal }) => Promise<void>> {
  return {
    [reviewKind]: (payload, job) => reviewPullRequestJob(context, payload, job.signal),
    [collectFeedbackKind]: (payload) => collectFeedbackJob(context, payload),
  };
}
