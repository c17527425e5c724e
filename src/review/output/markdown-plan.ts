import type { ReviewPlan, ReviewUnit } from '../review-plan.ts';
import type { MarkdownGroup } from './fit-markdown.ts';
import { formatCount, plural } from './format-count.ts';
import { listPaths } from './list-paths.ts';
import { escapeMarkdownLine, markdownUsd } from './markdown-escape.ts';

/** The plan as a table, one row per unit (planned, then left out), followed by totals. */
export function planGroup(plan: ReviewPlan): MarkdownGroup {
  const row = (index: number): string => {
    const unit = plan.units[index];
    if (unit != null) return unitRow(unit, `review (${unit.level})`, unit.reason);
    const entry = plan.leftOut[index - plan.units.length];
    return entry == null ? '' : unitRow(entry.unit, 'left out', entry.reason);
  };
  const files = new Set(plan.units.flatMap((unit) => unit.paths)).size;
  const inputTokens = plan.units.reduce((sum, unit) => sum + unit.estimatedInputTokens, 0);
  let totals = `**Total:** ${plural(plan.units.length, 'unit')} to review (${plural(files, 'file')}), ${formatCount(inputTokens)} input tokens, estimated ${markdownUsd(plan.estimatedCostMicros)} of ${markdownUsd(plan.budgetMicros)} budget.`;
  if (plan.leftOut.length > 0) {
    const leftOutMicros = plan.leftOut.reduce((sum, entry) => sum + entry.unit.estimatedCostMicros, 0);
    totals += ` ${plural(plan.leftOut.length, 'unit')} left out (estimated ${markdownUsd(leftOutMicros)}).`;
  }
  return {
    label: 'rows of the plan',
    open: '| Unit | Files | Decision | Risk | Tier | Model | Input tokens | Output cap | Est. cost | Reason |\n| --- | --- | --- | ---: | --- | --- | ---: | ---: | ---: | --- |\n',
    close: `\n${totals}\n\n`,
    count: plan.units.length + plan.leftOut.length,
    item: row,
  };
}

function unitRow(unit: ReviewUnit, decision: string, reason: string): string {
  const cells = [
    escapeMarkdownLine(unit.id),
    escapeMarkdownLine(listPaths(unit.paths, 1)),
    decision,
    unit.risk.toFixed(2),
    escapeMarkdownLine(unit.tier),
    escapeMarkdownLine(unit.model),
    formatCount(unit.estimatedInputTokens),
    formatCount(unit.maxOutputTokens),
    markdownUsd(unit.estimatedCostMicros),
    escapeMarkdownLine(reason),
  ];
  return `| ${cells.join(' | ')} |\n`;
}
