import { formatUsd } from '../../money/index.ts';
import type { ReviewPlan, ReviewUnit } from '../review-plan.ts';
import { formatCount, plural } from './format-count.ts';
import { listPaths } from './list-paths.ts';
import { terminalSafeLine } from './terminal-safe.ts';
import { textTable } from './text-table.ts';

const header = [
  'UNIT',
  'FILES',
  'DECISION',
  'RISK',
  'TIER',
  'MODEL',
  'IN TOKENS',
  'OUT CAP',
  'EST. COST',
  'REASON',
];
const numericColumns = new Set([3, 6, 7, 8]);

/** The plan as a table, one row per unit (planned, then left out), with totals. */
export function planText(plan: ReviewPlan): string[] {
  if (plan.units.length === 0 && plan.leftOut.length === 0) return ['Nothing to review.'];
  const rows = [
    header,
    ...plan.units.map((unit) => unitRow(unit, `review (${unit.level})`, unit.reason)),
    ...plan.leftOut.map((entry) => unitRow(entry.unit, 'left out', entry.reason)),
  ];
  const inputTokens = plan.units.reduce((sum, unit) => sum + unit.estimatedInputTokens, 0);
  const files = new Set(plan.units.flatMap((unit) => unit.paths)).size;
  const totals = [
    `total: ${plural(plan.units.length, 'unit')} to review (${plural(files, 'file')}), ${formatCount(inputTokens)} input tokens, estimated ${formatUsd(plan.estimatedCostMicros)} of ${formatUsd(plan.budgetMicros)} budget`,
  ];
  if (plan.leftOut.length > 0) {
    const leftOutMicros = plan.leftOut.reduce((sum, entry) => sum + entry.unit.estimatedCostMicros, 0);
    totals.push(
      `       ${plural(plan.leftOut.length, 'unit')} left out, estimated ${formatUsd(leftOutMicros)}`,
    );
  }
  return [...textTable(rows, numericColumns), '', ...totals];
}

function unitRow(unit: ReviewUnit, decision: string, reason: string): string[] {
  return [
    terminalSafeLine(unit.id),
    terminalSafeLine(listPaths(unit.paths, 1)),
    decision,
    unit.risk.toFixed(2),
    terminalSafeLine(unit.tier),
    terminalSafeLine(unit.model),
    formatCount(unit.estimatedInputTokens),
    formatCount(unit.maxOutputTokens),
    formatUsd(unit.estimatedCostMicros),
    terminalSafeLine(reason),
  ];
}
