import type { ReviewReport } from '../review-report.ts';
import { formatCount, plural } from './format-count.ts';
import { groupByReason } from './group-by-reason.ts';
import { listPaths } from './list-paths.ts';
import { terminalSafeLine } from './terminal-safe.ts';
import type { Stylist } from './text-style.ts';

/** Up to this many skipped or unseen entries, every path is listed; past it, a few per reason. */
const listAllUpTo = 20;
const pathsPerReason = 3;
/** Left-out and incomplete units listed before the rest are counted. */
const unitLimit = 10;

/** The "Not reviewed" section: skipped files, units left out by the budget, unseen changes, incomplete units. */
export function notReviewedText(report: ReviewReport, style: Stylist): string[] {
  const lines: string[] = [];
  const { skipped, leftOut } = report.plan;
  if (skipped.length > 0) {
    lines.push(`  ${plural(skipped.length, 'file')} skipped:`);
    lines.push(...reasonGroups(skipped));
  }
  if (leftOut.length > 0 && !report.planOnly) {
    const files = new Set(leftOut.flatMap((entry) => entry.unit.paths)).size;
    lines.push(`  ${plural(leftOut.length, 'unit')} left out (${plural(files, 'file')}), riskiest first:`);
    for (const entry of leftOut.slice(0, unitLimit)) {
      lines.push(
        `    risk ${entry.unit.risk.toFixed(2)}  ${terminalSafeLine(listPaths(entry.unit.paths, 3))}  ${terminalSafeLine(entry.reason)}`,
      );
    }
    if (leftOut.length > unitLimit)
      lines.push(`    … and ${plural(leftOut.length - unitLimit, 'more unit')}`);
  }
  if (report.unseen.length > 0) {
    lines.push(`  ${plural(report.unseen.length, 'change')} the source could not see:`);
    lines.push(...reasonGroups(report.unseen));
  }
  if (report.incomplete.length > 0) {
    lines.push(`  ${plural(report.incomplete.length, 'unit')} incomplete:`);
    for (const entry of report.incomplete.slice(0, unitLimit)) {
      lines.push(
        `    ${terminalSafeLine(entry.unitId)}  ${terminalSafeLine(listPaths(entry.paths, 3))}  ${terminalSafeLine(entry.reason)}`,
      );
    }
    if (report.incomplete.length > unitLimit) {
      lines.push(`    … and ${plural(report.incomplete.length - unitLimit, 'more unit')}`);
    }
  }
  return lines.length === 0 ? [] : [style('bold', 'Not reviewed'), ...lines];
}

function reasonGroups(entries: readonly { path?: string; reason: string }[]): string[] {
  const limit = entries.length <= listAllUpTo ? listAllUpTo : pathsPerReason;
  const lines: string[] = [];
  for (const group of groupByReason(entries, limit)) {
    lines.push(`    ${terminalSafeLine(group.reason)} (${formatCount(group.count)})`);
    for (const path of group.paths) lines.push(`      ${terminalSafeLine(path)}`);
    const unlisted = group.count - group.paths.length;
    if (unlisted > 0 && group.paths.length > 0) lines.push(`      … and ${formatCount(unlisted)} more`);
  }
  return lines;
}
