import { formatUsd } from '../../money/index.ts';
import { type Finding, severityRank } from '../finding.ts';
import type { ReviewReport } from '../review-report.ts';
import { describeDropped } from './describe-dropped.ts';
import { describeSource } from './describe-source.ts';
import { plural } from './format-count.ts';
import { lineRange } from './line-range.ts';
import { notReviewedText } from './not-reviewed-text.ts';
import { planText } from './plan-text.ts';
import { reviewCounts } from './review-counts.ts';
import { terminalSafe, terminalSafeLine } from './terminal-safe.ts';
import { type Stylist, severityStyles, stylist } from './text-style.ts';

export interface ReviewTextOptions {
  /** Use ANSI colours and bold; off by default, so the output is plain text. */
  color?: boolean;
}

/** Renders a review (or, for a plan-only report, its plan) for a terminal. */
export function formatReviewText(report: ReviewReport, options: ReviewTextOptions = {}): string {
  const style = stylist(options.color === true);
  const counts = reviewCounts(report);
  const what = report.planOnly ? 'plan for' : 'review of';
  const sections: string[][] = [
    [
      style('bold', `Steward ${what} ${terminalSafeLine(describeSource(report.source))}`),
      `  ${plural(counts.inChange, 'file')} in the change: ${[
        `${counts.reviewed} ${report.planOnly ? 'to review' : 'reviewed'}`,
        `${counts.skipped} skipped`,
        `${counts.leftOut} left out`,
        ...(counts.unseen > 0 ? [`${counts.unseen} unseen`] : []),
        ...(counts.incomplete > 0 ? [`${counts.incomplete} incomplete`] : []),
      ].join(', ')}`,
    ],
  ];
  if (report.planOnly) {
    sections.push(planText(report.plan));
    // Free checks (secrets) still report what they found when no model is called.
    if (report.findings.length > 0) sections.push(findingsText(report.findings, style));
  } else sections.push(findingsText(report.findings, style));
  sections.push(notReviewedText(report, style));
  if (!report.planOnly) sections.push(describeDropped(report.dropped));
  if (report.notes.length > 0) {
    sections.push([
      style('bold', 'Notes'),
      ...report.notes.map((note) => indent(`- ${terminalSafe(note)}`, '  ', '    ')),
    ]);
  }
  sections.push([costLine(report)]);
  return `${sections
    .filter((lines) => lines.length > 0)
    .map((lines) => lines.join('\n'))
    .join('\n\n')}\n`;
}

function findingsText(findings: readonly Finding[], style: Stylist): string[] {
  if (findings.length === 0) return ['No findings.'];
  const byFile = groupByFile(findings);
  const hints = findings.filter((finding) => finding.route === 'hint').length;
  const lines = [
    style(
      'bold',
      `${plural(findings.length, 'finding')} in ${plural(byFile.size, 'file')}${hints > 0 ? ` (${plural(hints, 'hint')})` : ''}`,
    ),
  ];
  const rangeWidth = findings.reduce((width, finding) => Math.max(width, lineRange(finding).length), 0);
  for (const [path, fileFindings] of byFile) {
    lines.push('', style('bold', terminalSafeLine(path)));
    for (const finding of fileFindings) {
      const severity = style(severityStyles[finding.severity], finding.severity.padEnd(8));
      const hint = finding.route === 'hint' ? `${style('dim', '(hint)')} ` : '';
      lines.push(
        `  ${lineRange(finding).padEnd(rangeWidth)}  ${severity}  ${finding.category.padEnd(15)}  ${hint}${terminalSafeLine(finding.title)}`,
      );
      if (finding.explanation.trim() !== '')
        lines.push(indent(terminalSafe(finding.explanation.trim()), '      '));
      if (finding.replacement != null) {
        lines.push(`      ${style('dim', 'suggested change:')}`);
        const replacement = terminalSafe(finding.replacement).replace(/\n$/, '');
        for (const line of replacement.split('\n')) lines.push(style('green', `        + ${line}`));
      }
    }
  }
  return lines;
}

/** Findings by file: files in order of their most severe finding, findings within a file by line. */
function groupByFile(findings: readonly Finding[]): Map<string, Finding[]> {
  const ordered = [...findings].sort(
    (left, right) => severityRank(left.severity) - severityRank(right.severity),
  );
  const byFile = new Map<string, Finding[]>();
  for (const finding of ordered) {
    const list = byFile.get(finding.path);
    if (list == null) byFile.set(finding.path, [finding]);
    else list.push(finding);
  }
  for (const list of byFile.values())
    list.sort((left, right) => left.startLine - right.startLine || left.endLine - right.endLine);
  return byFile;
}

function costLine(report: ReviewReport): string {
  const budget = `${formatUsd(report.budgetMicros)} budget`;
  const estimated = formatUsd(report.plan.estimatedCostMicros);
  if (report.planOnly)
    return `estimated cost ${estimated} of ${budget}: nothing was called and nothing was spent`;
  return `cost ${formatUsd(report.spentMicros)} of ${budget} (estimated ${estimated})`;
}

/** Indents every line of `text`: the first with `first`, the rest with `rest`. */
function indent(text: string, first: string, rest = first): string {
  return text
    .split('\n')
    .map((line, index) => (line === '' ? '' : (index === 0 ? first : rest) + line))
    .join('\n');
}
