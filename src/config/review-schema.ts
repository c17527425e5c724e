import { z } from 'zod';
import { count, fraction } from './schema-numbers.ts';

export const severities = ['critical', 'high', 'medium', 'low', 'info'] as const;
export const categories = ['security', 'bug', 'performance', 'maintainability', 'style', 'test'] as const;

const tierName = z.string().regex(/^[a-z][a-z0-9_-]*$/, 'expected a tier name such as "fast"');
const glob = z.string().min(1, 'expected a glob such as "src/**/*.ts"');

/** The `review:` section: what is reviewed, how deeply, and what reaches the author. */
export const reviewSchema = z.strictObject({
  tiers: z
    .strictObject({
      simple: tierName.default('fast').describe('Tier for low-risk units: a quick check.'),
      standard: tierName.default('balanced').describe('Tier for ordinary units.'),
      complex: tierName.default('deep').describe('Tier for the riskiest units: a full review.'),
    })
    .prefault({}),
  tier_thresholds: z
    .strictObject({
      standard: fraction(0.3).describe('Risk score (0–1) from which a unit gets the standard tier.'),
      complex: fraction(0.65).describe('Risk score (0–1) from which a unit gets the complex tier.'),
    })
    .prefault({}),
  include: z
    .array(glob)
    .default([])
    .describe('When given, only files matching one of these globs are reviewed.'),
  exclude: z.array(glob).default([]).describe('Files matching these globs are skipped.'),
  min_changed_lines: count(1).describe('Files with fewer changed lines are skipped.'),
  max_changed_lines: count(3000).describe(
    'Files with more changed lines are skipped (too large to review well).',
  ),
  critical_paths: z.array(glob).default([]).describe('Paths whose changes always count as high risk.'),
  path_instructions: z
    .array(z.strictObject({ path: glob, instructions: z.string().min(1) }))
    .default([])
    .describe('Extra prompt text for files matching a glob.'),
  context: z
    .strictObject({
      files: z
        .array(z.string().min(1))
        .default([])
        .describe('Coding standards, architecture notes, team preferences, compliance rules.'),
      max_tokens: count(4000).describe('Cap on the context sent with every request.'),
    })
    .prefault({}),
  batch: z
    .strictObject({
      max_changed_lines: count(40).describe('Files this small are batched several to a request.'),
      max_files: count(8).describe('Most files in one batched request.'),
    })
    .prefault({}),
  concurrency: count(4).describe('Model calls in flight at once.'),
  max_findings_per_unit: count(5).describe('Most findings one request may return.'),
  post: z
    .strictObject({
      min_confidence: fraction(0.7).describe('Findings below this confidence are hints, not comments.'),
      min_severity: z
        .enum(severities)
        .default('high')
        .describe('Findings less severe than this are hints, not comments.'),
    })
    .prefault({}),
  max_runs_per_pr_per_day: count(10).describe(
    'Runaway protection: most reviews of one pull request in any 24 hours.',
  ),
  lease_seconds: count(60).describe(
    'How long a pull request review holds its single-flight lease without a heartbeat (a dead worker frees it after this).',
  ),
  cache: z
    .strictObject({
      max_entries: count(100_000).describe(
        'Most hunk answers kept in the review cache; the least recently used go first.',
      ),
    })
    .prefault({}),
  default_branch: z
    .string()
    .min(1)
    .optional()
    .describe('Branch a local review compares with; detected when absent.'),
});

export type ReviewConfig = z.output<typeof reviewSchema>;
