import type { ReviewReport } from '../review-report.ts';
import { describeDropped } from './describe-dropped.ts';
import { describeSource } from './describe-source.ts';
import { fitMarkdown, type MarkdownGroup, markdownGroup } from './fit-markdown.ts';
import { formatCount, plural } from './format-count.ts';
import { escapeMarkdownLine, markdownUsd, safeLinkUrl } from './markdown-escape.ts';
import { hintsGroup, postedFindingsGroup } from './markdown-findings.ts';
import { notReviewedGroup } from './markdown-not-reviewed.ts';
import { planGroup } from './markdown-plan.ts';
import { reviewCounts } from './review-counts.ts';
import { shorten } from './shorten.ts';

/** GitHub's limit on the body of an issue or pull-request comment, in characters. */
export const githubCommentLimit = 65_536;

export interface ReviewMarkdownOptions {
  /**
   * The longest output allowed, in UTF-16 code units (never fewer than GitHub counts); 65,536 by default,
   * GitHub's limit for a comment. Past it, findings and lists are cut and a note says what is missing.
   */
  maxLength?: number;
}

// Room kept for the truncation note, which is written last.
const noteReserve = 600;
const noteLimit = 1_000;

/** Renders a review (or its plan) as GitHub Markdown for a pull-request comment or a job summary. */
export function formatReviewMarkdown(report: ReviewReport, options: ReviewMarkdownOptions = {}): string {
  const maxLength = options.maxLength ?? githubCommentLimit;
  if (!Number.isSafeInteger(maxLength) || maxLength < 4_096) {
    throw new RangeError(
      `maxLength must be a whole number of at least 4,096 characters, got ${String(maxLength)}`,
    );
  }
  const header = headerOf(report);
  const footer = `<sub>Steward run ${escapeMarkdownLine(shorten(report.runId, 100))}</sub>\n`;
  const budget = maxLength - header.length - footer.length - noteReserve;

  // The lists after the findings are bounded, but get at most half of the room so findings always show.
  const secondary = fitMarkdown(
    [notReviewedGroup(report), droppedAndNotesGroup(report)],
    Math.floor(budget / 2),
  );
  const primaryGroups: MarkdownGroup[] = report.planOnly
    ? [planGroup(report.plan)]
    : [postedFindingsGroup(report.findings, report.source), hintsGroup(report.findings, report.source)];
  const primary = fitMarkdown(primaryGroups, budget - secondary.text.length);
  const omitted = [...primary.omitted, ...secondary.omitted];
  const limit =
    maxLength === githubCommentLimit
      ? `GitHub's limit of ${formatCount(githubCommentLimit)} characters for a comment`
      : `${formatCount(maxLength)} characters`;
  const note =
    omitted.length === 0
      ? ''
      : `> [!WARNING]\n> Shortened to fit ${limit}. Not shown: ${omitted.map((entry) => `${formatCount(entry.count)} ${entry.label}`).join(', ')}. The JSON and SARIF formats of this report have everything.\n\n`;
  const empty = report.planOnly
    ? report.plan.units.length + report.plan.leftOut.length === 0
      ? 'Nothing to review.\n\n'
      : ''
    : report.findings.length === 0
      ? 'No findings.\n\n'
      : '';
  const body = header + empty + primary.text + secondary.text;
  return `${body}${body.endsWith('\n\n') ? '' : '\n'}${note}${footer}`;
}

function headerOf(report: ReviewReport): string {
  const counts = reviewCounts(report);
  const source = escapeMarkdownLine(describeSource(report.source));
  const url = report.source.kind === 'github' ? safeLinkUrl(report.source.url) : undefined;
  const title = `### Steward ${report.planOnly ? 'plan for' : 'review of'} ${url == null ? source : `[${source}](${url})`}\n\n`;
  const files = `${plural(counts.inChange, 'file')} in the change: ${[
    `${formatCount(counts.reviewed)} ${report.planOnly ? 'to review' : 'reviewed'}`,
    `${formatCount(counts.skipped)} skipped`,
    `${formatCount(counts.leftOut)} left out`,
    ...(counts.unseen > 0 ? [`${formatCount(counts.unseen)} unseen`] : []),
    ...(counts.incomplete > 0 ? [`${formatCount(counts.incomplete)} incomplete`] : []),
  ].join(', ')}`;
  const budget = `${markdownUsd(report.budgetMicros)} budget`;
  const estimated = markdownUsd(report.plan.estimatedCostMicros);
  if (report.planOnly) {
    return `${title}${files} · estimated cost ${estimated} of ${budget} · nothing was called and nothing was spent\n\n`;
  }
  const hints = report.findings.filter((finding) => finding.route === 'hint').length;
  const findingFiles = new Set(report.findings.map((finding) => finding.path)).size;
  const findings =
    report.findings.length === 0
      ? '**No findings**'
      : `**${plural(report.findings.length, 'finding')}** in ${plural(findingFiles, 'file')}${hints > 0 ? ` (${plural(hints, 'hint')})` : ''}`;
  return `${title}${findings} · ${files} · cost ${markdownUsd(report.spentMicros)} of ${budget} (estimated ${estimated})\n\n`;
}

function droppedAndNotesGroup(report: ReviewReport): MarkdownGroup {
  const items: string[] = [];
  const dropped = report.planOnly ? [] : describeDropped(report.dropped);
  if (dropped.length > 0) items.push(`${dropped.join(' · ')}\n\n`);
  report.notes.forEach((note, index) => {
    const line = escapeMarkdownLine(shorten(note, noteLimit));
    items.push(
      `${index === 0 ? '**Notes**\n\n' : ''}- ${line}\n${index === report.notes.length - 1 ? '\n' : ''}`,
    );
  });
  return markdownGroup('notes', items);
}
