import type { StewardConfig } from '../../config/index.ts';
import { type PriceBook, worstCaseCost } from '../../llm/prices/index.ts';
import { countMessageTokens } from '../../llm/tokens/index.ts';
import type { FileChange } from '../change-set.ts';
import type { FileScore, ReviewLevel, ReviewPlan, ReviewUnit, SkippedFile } from '../review-plan.ts';
import { renderUnitDiff } from '../run/render-unit.ts';
import { unitPrompt } from '../run/review-prompts.ts';
import { buildUnits, type DraftUnit } from './build-units.ts';

export interface PlanInput {
  /** Files to review: filtered and redacted. */
  files: readonly FileChange[];
  scores: ReadonlyMap<string, FileScore>;
  skipped: readonly SkippedFile[];
  config: StewardConfig;
  priceBook: PriceBook;
  budgetMicros: number;
  /** The system prompt every request starts with (rules and the team's context). */
  systemPrompt: string;
  instructionsFor: (path: string) => string[];
}

/** A planned unit together with what the run needs to make its request. */
export interface UnitWork {
  unit: ReviewUnit;
  files: FileChange[];
  prompt: string;
}

/** Units at or above this risk are never downgraded to fit a budget: they are left out whole instead. */
const downgradeRiskCeiling = 0.5;

/**
 * Prices every unit (counted input tokens plus the tier's output cap, at the tier model's price), orders
 * them by risk, and fits them into the budget: first lower-risk units get a cheaper tier, then the
 * lowest-risk units are left out. Calls nothing and spends nothing.
 */
export function planReview(input: PlanInput): { plan: ReviewPlan; work: UnitWork[] } {
  const { config } = input;
  const systemTokens = memoize(
    (provider: string, model: string) =>
      countMessageTokens([{ role: 'system', content: input.systemPrompt }], { provider, model }).tokens,
  );
  const drafts = buildUnits(input.files, input.scores, config.review);
  const work = drafts.map((draft) => priceUnit(draft, draft.level, input, systemTokens));
  work.sort((a, b) => b.unit.risk - a.unit.risk || (a.unit.id < b.unit.id ? -1 : 1));

  let total = work.reduce((sum, item) => sum + item.unit.estimatedCostMicros, 0);
  // Step 1: a cheaper tier for low-risk units, lowest risk first.
  for (let index = work.length - 1; index >= 0 && total > input.budgetMicros; index--) {
    const item = work[index]!;
    if (item.unit.risk >= downgradeRiskCeiling || item.unit.level === 'simple') continue;
    const draft = drafts.find((candidate) => candidate.id === item.unit.id)!;
    const cheaper = priceUnit(draft, 'simple', input, systemTokens);
    if (cheaper.unit.estimatedCostMicros >= item.unit.estimatedCostMicros) continue;
    cheaper.unit.reason = `${item.unit.reason}; downgraded from ${item.unit.level} to fit the budget`;
    total += cheaper.unit.estimatedCostMicros - item.unit.estimatedCostMicros;
    work[index] = cheaper;
  }
  // Step 2: leave out the lowest-risk units until the rest fits.
  const leftOut: ReviewPlan['leftOut'] = [];
  while (total > input.budgetMicros && work.length > 0) {
    const item = work.pop()!;
    total -= item.unit.estimatedCostMicros;
    leftOut.push({
      unit: item.unit,
      reason: `left out to fit the budget (risk ${item.unit.risk.toFixed(2)})`,
    });
  }
  leftOut.reverse();
  return {
    plan: {
      units: work.map((item) => item.unit),
      skipped: [...input.skipped],
      leftOut,
      estimatedCostMicros: total,
      budgetMicros: input.budgetMicros,
    },
    work,
  };
}

function priceUnit(
  draft: DraftUnit,
  level: ReviewLevel,
  input: PlanInput,
  systemTokens: (provider: string, model: string) => number,
): UnitWork {
  const { config, priceBook } = input;
  const tierName = config.review.tiers[level];
  const tier = config.tiers[tierName]!;
  const price = priceBook.priceOf(tier.model);
  const prompt = unitPrompt(
    level,
    config.review.max_findings_per_unit,
    renderUnitDiff(draft.files, input.instructionsFor),
  );
  const provider = tier.model.includes(':')
    ? tier.model.slice(0, tier.model.indexOf(':'))
    : (price.provider ?? 'openai');
  const model = tier.model.includes(':') ? tier.model.slice(tier.model.indexOf(':') + 1) : tier.model;
  const unitTokens = countMessageTokens([{ role: 'user', content: prompt }], { provider, model }).tokens;
  const estimatedInputTokens = systemTokens(provider, model) + unitTokens;
  const maxOutputTokens = Math.min(
    tier.max_output_tokens,
    price.maxOutputTokens ?? tier.max_output_tokens,
    outputCapFor(level, config.review.max_findings_per_unit),
  );
  return {
    unit: {
      id: draft.id,
      paths: [...new Set(draft.files.map((file) => file.path))],
      risk: draft.risk,
      level,
      tier: tierName,
      model: `${provider}:${model}`,
      estimatedInputTokens,
      maxOutputTokens,
      estimatedCostMicros: worstCaseCost(price, estimatedInputTokens, maxOutputTokens, {
        cacheWrites: 'none',
      }),
      reason: draft.reason,
    },
    files: draft.files,
    prompt,
  };
}

/**
 * The output a review request needs: an answer frame plus at most `maxFindings` findings of a few
 * sentences each. Reserving the tier's whole cap instead would price every request as if it wrote pages.
 */
export function outputCapFor(level: ReviewLevel, maxFindings: number): number {
  const findings = level === 'simple' ? Math.min(3, maxFindings) : maxFindings;
  return 200 + 300 * Math.max(1, findings);
}

function memoize(
  count: (provider: string, model: string) => number,
): (provider: string, model: string) => number {
  const cache = new Map<string, number>();
  return (provider, model) => {
    const key = `${provider}:${model}`;
    let tokens = cache.get(key);
    if (tokens === undefined) {
      tokens = count(provider, model);
      cache.set(key, tokens);
    }
    return tokens;
  };
}
