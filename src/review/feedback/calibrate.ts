import type { FeedbackConfig } from '../../config/index.ts';
import { type Category, categories } from '../finding.ts';
import type { CategoryStats } from './category-stats.ts';

/** Per-category minimum confidence for posting, where feedback moved it; other categories use the base. */
export type CategoryThresholds = Partial<Record<Category, number>>;

/**
 * Raises the posting threshold of categories whose measured precision is below the target
 * (see README.md in this folder): for a category with at least `min_samples` judged findings and
 * precision p < target_precision,
 *
 *   threshold = min(max_min_confidence, base + (target_precision − p)),
 *
 * rounded to 4 decimals. Calibration only ever raises: a category without enough samples, at or above
 * the target, or whose raised value would not exceed the base (a base at or over the cap) gets no entry.
 */
export function calibratedThresholds(
  stats: CategoryStats,
  base: { min_confidence: number },
  config: FeedbackConfig,
): CategoryThresholds {
  const thresholds: CategoryThresholds = {};
  for (const category of categories) {
    const stat = stats[category];
    if (stat === undefined || stat.precision === null || stat.judged < config.min_samples) continue;
    if (stat.precision >= config.target_precision) continue;
    const raised = round4(
      Math.min(config.max_min_confidence, base.min_confidence + (config.target_precision - stat.precision)),
    );
    if (raised > base.min_confidence) thresholds[category] = raised;
  }
  return thresholds;
}

function round4(value: number): number {
  return Math.round(value * 10_000) / 10_000;
}
