import { z } from 'zod';

/** Job kinds the GitHub integration queues, and their payloads (validated when a worker picks them up). */
export const reviewPullRequestJob = 'github.review-pull-request';
export const collectFeedbackJob = 'github.collect-feedback';

export const reviewPullRequestPayload = z.strictObject({
  repo: z.string().regex(/^[^/\s]+\/[^/\s]+$/),
  pr: z.number().int().positive(),
  /** The head the event named; the run reviews the pull request's head when it starts. */
  head: z.string(),
  installationId: z.number().int().positive().optional(),
  /** `/steward full-review`: review every hunk again, also those reviewed before. */
  full: z.boolean().default(false),
});

export const collectFeedbackPayload = z.strictObject({
  repo: z.string().regex(/^[^/\s]+\/[^/\s]+$/),
  pr: z.number().int().positive(),
  installationId: z.number().int().positive().optional(),
});

export type ReviewPullRequestPayload = z.input<typeof reviewPullRequestPayload>;
export type CollectFeedbackPayload = z.input<typeof collectFeedbackPayload>;
