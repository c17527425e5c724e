import { z } from 'zod';
import { categories } from './review-schema.ts';
import { count, fraction } from './schema-numbers.ts';

/** The `github:` section: what the App and the Action do on pull requests. */
export const githubSchema = z.strictObject({
  review_drafts: z.boolean().default(false).describe('Review draft pull requests too.'),
  max_inline_comments: count(30, 1).describe(
    'Most inline comments in one review; further findings are listed in the summary comment.',
  ),
  check_run: z.boolean().default(true).describe('Report each run as a check run named "Steward".'),
});

/** The `queue:` section: findings that go to a human reviewer before they reach the author. */
export const queueSchema = z.strictObject({
  categories: z
    .array(z.enum(categories))
    .default(['security', 'bug'])
    .describe('Hint findings of these categories wait in the human review queue.'),
  team: z
    .string()
    .min(1)
    .optional()
    .describe('Reviewer (such as "@acme/reviewers") when CODEOWNERS names nobody for the file.'),
});

/** The `feedback:` section: how reactions calibrate what is posted. */
export const feedbackSchema = z.strictObject({
  target_precision: fraction(0.6).describe(
    'Measured precision a category should reach; below it, its confidence threshold rises.',
  ),
  min_samples: count(10, 1).describe('Judged findings a category needs before its threshold moves.'),
  window_days: count(90, 1).describe('Feedback older than this many days is not counted.'),
  max_min_confidence: fraction(0.95).describe('The highest a category threshold rises.'),
});

/** The `server:` section: `steward serve`. */
export const serverSchema = z.strictObject({
  host: z.string().min(1).default('127.0.0.1').describe('Address `steward serve` listens on.'),
  port: count(8787).describe('Port `steward serve` listens on (0 picks a free one).'),
  workers: count(2, 1).describe('Jobs processed at once by `steward serve`.'),
  job_lease_seconds: count(120, 1).describe(
    'How long a job stays claimed without a heartbeat; a job of a process that died runs again after this.',
  ),
});

export type GitHubConfig = z.output<typeof githubSchema>;
export type QueueConfig = z.output<typeof queueSchema>;
export type FeedbackConfig = z.output<typeof feedbackSchema>;
export type ServerConfig = z.output<typeof serverSchema>;
