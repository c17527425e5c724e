import type { StewardConfig } from '../../src/config/index.ts';
import type { PriceBook } from '../../src/llm/prices/index.ts';
import type { FileChange } from '../../src/review/change-set.ts';
import { filterChanges, pathInstructionsFor } from '../../src/review/filter/index.ts';
import { planReview } from '../../src/review/plan/plan-review.ts';
import { redactSecrets } from '../../src/review/redact/index.ts';
import type { FileScore, ReviewPlan } from '../../src/review/review-plan.ts';
import { systemPrompt } from '../../src/review/run/review-prompts.ts';
import { scoreFile } from '../../src/review/score/index.ts';

/** The work of `steward review --plan` on parsed files: redact, filter, score and plan within `budgetMicros`. */
export async function planChange(
  files: FileChange[],
  config: StewardConfig,
  priceBook: PriceBook,
  budgetMicros: number,
): Promise<ReviewPlan> {
  const { included, skipped } = filterChanges((await redactSecrets(files)).files, { config: config.review });
  const scores = new Map<string, FileScore>();
  for (const file of included) scores.set(file.path, scoreFile(file, { criticalPaths: [] }));
  return planReview({
    files: included,
    scores,
    skipped,
    config,
    priceBook,
    budgetMicros,
    systemPrompt: systemPrompt(''),
    instructionsFor: (path) => pathInstructionsFor(path, config.review),
  }).plan;
}
