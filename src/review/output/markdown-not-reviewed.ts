import type { ReviewReport } from '../review-report.ts';
import { type MarkdownGroup, markdownGroup } from './fit-markdown.ts';
import { formatCount, plural } from './format-count.ts';
import { groupByReason } from './group-by-reason.ts';
import { listPaths } from './list-paths.ts';
import { escapeMarkdownLine, inlineCode } from './markdown-escape.ts';
import { shorten } from './shorten.ts';

const pathsPerReason = 10;
const unitLimit = 20;
const reasonLimit = 300;

/** Skipped files, units left out by the budget, unseen changes and incomplete units, collapsed. */
export function notReviewedGroup(report: ReviewReport): MarkdownGroup {
  const { skipped, leftOut } = report.plan;
  const showLeftOut = !report.planOnly;
  const items: string[] = [];
  const summary: string[] = [];
  if (skipped.length > 0) {
    summary.push(`${plural(skipped.length, 'file')} skipped`);
    items.push(...withHeading(`Skipped: ${plural(skipped.length, 'file')}`, reasonItems(skipped)));
  }
  if (showLeftOut && leftOut.length > 0) {
    summary.push(`${plural(leftOut.length, 'unit')} left out`);
    const lines = leftOut
      .slice(0, unitLimit)
      .map(
        (entry) =>
          `- risk ${entry.unit.risk.toFixed(2)}: ${listPaths(entry.unit.paths, 3, inlineCode)} — ${reason(entry.reason)}\n`,
      );
    if (leftOut.length > unitLimit)
      lines.push(`- … and ${plural(leftOut.length - unitLimit, 'more unit')}\n`);
    items.push(
      ...withHeading(`Left out to fit the budget, riskiest first: ${plural(leftOut.length, 'unit')}`, lines),
    );
  }
  if (report.unseen.length > 0) {
    summary.push(`${plural(report.unseen.length, 'change')} unseen`);
    items.push(
      ...withHeading(
        `Not seen by the source: ${plural(report.unseen.length, 'change')}`,
        reasonItems(report.unseen),
      ),
    );
  }
  if (report.incomplete.length > 0) {
    summary.push(`${plural(report.incomplete.length, 'unit')} incomplete`);
    const lines = report.incomplete
      .slice(0, unitLimit)
      .map(
        (entry) =>
          `- ${inlineCode(entry.unitId)}: ${listPaths(entry.paths, 3, inlineCode)} — ${reason(entry.reason)}\n`,
      );
    if (report.incomplete.length > unitLimit) {
      lines.push(`- … and ${plural(report.incomplete.length - unitLimit, 'more unit')}\n`);
    }
    items.push(...withHeading(`Incomplete: ${plural(report.incomplete.length, 'unit')}`, lines));
  }
  return markdownGroup('lines of the not-reviewed list', items, {
    open: `<details><summary>Not reviewed: ${summary.join(', ')}</summary>\n`,
    close: '\n</details>\n\n',
  });
}

/** Puts a bold heading (after a blank line) in front of the first item, so a heading never shows alone. */
function withHeading(heading: string, lines: string[]): string[] {
  const [first, ...rest] = lines;
  return first == null ? [] : [`\n**${heading}**\n\n${first}`, ...rest];
}

function reasonItems(entries: readonly { path?: string; reason: string }[]): string[] {
  return groupByReason(entries, pathsPerReason).map((group) => {
    const unlisted = group.count - group.paths.length;
    const paths =
      group.paths.map(inlineCode).join(', ') +
      (unlisted > 0 && group.paths.length > 0 ? ` … and ${formatCount(unlisted)} more` : '');
    return `- ${reason(group.reason)} (${formatCount(group.count)})${paths === '' ? '' : `: ${paths}`}\n`;
  });
}

function reason(text: string): string {
  return escapeMarkdownLine(shorten(text, reasonLimit));
}
