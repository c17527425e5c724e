import type { Finding } from '../../review/finding.ts';
import { describeDropped } from '../../review/output/describe-dropped.ts';
import { describeSource, shortRevision } from '../../review/output/describe-source.ts';
import { fitMarkdown, type MarkdownGroup, markdownGroup } from '../../review/output/fit-markdown.ts';
import { formatCount, plural } from '../../review/output/format-count.ts';
import { githubBlobUrl } from '../../review/output/github-links.ts';
import { lineRange } from '../../review/output/line-range.ts';
import { escapeMarkdownLine, markdownUsd, safeLinkUrl } from '../../review/output/markdown-escape.ts';
import { hintsGroup, postedFindingsGroup } from '../../review/output/markdown-findings.ts';
import { notReviewedGroup } from '../../review/output/markdown-not-reviewed.ts';
import { reviewCounts } from '../../review/output/review-counts.ts';
import { githubCommentLimit } from '../../review/output/review-markdown.ts';
import { shorten } from '../../review/output/shorten.ts';
import type { ReviewReport } from '../../review/review-report.ts';
import { summaryMarker } from './markers.ts';

/** What one posting run did, for the summary comment and the check run. */
export interface PostingOutcome {
  report: ReviewReport;
  headSha: string;
  /** Findings posted inline by this run, with their comment's URL when known. */
  posted: { finding: Finding; url?: string }[];
  /** Findings of this report posted on the pull request before (or being posted by another run). */
  postedBefore: { finding: Finding; url?: string }[];
  /** Findings over `max_inline_comments`. */
  overflow: Finding[];
  maxInlineComments: number;
  /** Findings whose lines are not on the diff's new side. */
  unanchored: Finding[];
  /** Findings GitHub refused as inline comments, with its reason. */
  refused: { finding: Finding; reason: string }[];
  /** Hints waiting in the human review queue. */
  queued?: number;
  /** What went wrong on the way (a check run that could not be created). */
  notes: string[];
  now: number;
}

export interface SummaryMarkdownOptions {
  /** Default 65,536, GitHub's limit for a comment. */
  maxLength?: number;
  /** Start with the hidden summary marker (the comment has it, a check run's text does not). Default true. */
  marker?: boolean;
}

const noteReserve = 600;
const noteLimit = 1_000;
const reasonLimit = 200;
const titleLimit = 300;

/**
 * The summary comment of a pull request: cost and budget, what was posted inline, every finding that
 * was not (over the limit, off the diff, refused by GitHub) in full or, when they do not all fit, in a line each, the hints collapsed, what was not
 * reviewed and why, and the human queue. Cut to fit `maxLength`, saying what was left out.
 */
export function formatSummaryMarkdown(outcome: PostingOutcome, options: SummaryMarkdownOptions = {}): string {
  const maxLength = options.maxLength ?? githubCommentLimit;
  const { report } = outcome;
  const header = (options.marker === false ? '' : `${summaryMarker}\n`) + headerOf(outcome);
  const footer = `<sub>Steward run ${escapeMarkdownLine(shorten(report.runId, 100))} · head ${escapeMarkdownLine(shortRevision(outcome.headSha))} · updated ${new Date(outcome.now).toISOString()}</sub>\n`;
  const budget = Math.max(0, maxLength - header.length - footer.length - noteReserve);

  const secondary = fitMarkdown([notReviewedGroup(report), notesGroup(outcome)], Math.floor(budget / 2));
  // Findings that are not inline are shown in full while they fit; when they do not, as one line each,
  // so that every one of them is at least named.
  const room = budget - secondary.text.length;
  let primary = fitMarkdown(primaryGroups(outcome, 'full'), room);
  if (primary.omitted.some((entry) => notInlineLabels.includes(entry.label))) {
    primary = fitMarkdown(primaryGroups(outcome, 'compact'), room);
  }
  const omitted = [...primary.omitted, ...secondary.omitted];
  const note =
    omitted.length === 0
      ? ''
      : `> [!WARNING]\n> Shortened to fit ${formatCount(maxLength)} characters. Not shown: ${omitted.map((entry) => `${formatCount(entry.count)} ${entry.label}`).join(', ')}. The JSON and SARIF formats of this review have everything.\n\n`;
  const body = header + primary.text + secondary.text;
  return `${body}${body.endsWith('\n\n') ? '' : '\n'}${note}${footer}`;
}

const notInlineLabels = [
  'findings GitHub refused inline',
  'findings over the inline limit',
  'findings off the diff',
];

function primaryGroups(outcome: PostingOutcome, detail: 'full' | 'compact'): MarkdownGroup[] {
  const source = outcome.report.source;
  const findings = (list: readonly Finding[]): MarkdownGroup =>
    detail === 'full'
      ? postedFindingsGroup(list, source)
      : markdownGroup(
          '',
          list.map((finding) => findingLine({ finding, url: githubBlobUrl(source, finding.path, finding) })),
          { close: '\n' },
        );
  const refusedReasons = [...new Set(outcome.refused.map((entry) => entry.reason))].slice(0, 3);
  const [refused, overflow, unanchored] = notInlineLabels;
  return [
    section(
      findings(outcome.refused.map((entry) => entry.finding)),
      refused ?? '',
      `**GitHub refused ${plural(outcome.refused.length, 'inline comment')}** (${refusedReasons.map((reason) => escapeMarkdownLine(shorten(reason, reasonLimit))).join('; ')}):\n\n`,
    ),
    section(
      findings(outcome.overflow),
      overflow ?? '',
      `**Over the limit of ${plural(outcome.maxInlineComments, 'inline comment')}** (\`github.max_inline_comments\`), most severe first:\n\n`,
    ),
    section(
      findings(outcome.unanchored),
      unanchored ?? '',
      '**Not on lines of this diff**, so not inline:\n\n',
    ),
    postedGroup(outcome.posted, outcome.postedBefore),
    hintsGroup(outcome.report.findings, source),
  ];
}

/** One line for a check run's `output.summary`. */
export function summaryLine(outcome: PostingOutcome): string {
  const notInline = outcome.overflow.length + outcome.unanchored.length + outcome.refused.length;
  const parts = [
    outcome.posted.length === 0
      ? 'no new inline comments'
      : `${plural(outcome.posted.length, 'inline comment')} posted`,
    ...(outcome.postedBefore.length > 0
      ? [`${plural(outcome.postedBefore.length, 'finding')} posted before`]
      : []),
    ...(notInline > 0 ? [`${plural(notInline, 'finding')} in the summary comment only`] : []),
    ...(outcome.queued !== undefined && outcome.queued > 0
      ? [`${plural(outcome.queued, 'hint')} in the review queue`]
      : []),
    `cost ${markdownUsd(outcome.report.spentMicros)} of ${markdownUsd(outcome.report.budgetMicros)}`,
  ];
  return `${parts.join(' · ')}.`;
}

function headerOf(outcome: PostingOutcome): string {
  const { report } = outcome;
  const source = report.source;
  const described = escapeMarkdownLine(describeSource(source));
  const url = source.kind === 'github' ? safeLinkUrl(source.url) : undefined;
  const title = `### Steward review of ${url === undefined ? described : `[${described}](${url})`}\n\n`;
  const postFindings = report.findings.filter((finding) => finding.route !== 'hint').length;
  const notInline = outcome.overflow.length + outcome.unanchored.length + outcome.refused.length;
  const findings =
    postFindings === 0
      ? '**No findings to post**'
      : [
          `**${plural(outcome.posted.length, 'finding')} posted inline**`,
          ...(outcome.postedBefore.length > 0
            ? [`${formatCount(outcome.postedBefore.length)} posted before`]
            : []),
          ...(notInline > 0 ? [`${formatCount(notInline)} listed below`] : []),
        ].join(' · ');
  const left = Math.max(0, report.budgetMicros - report.spentMicros);
  const cost = `cost ${markdownUsd(report.spentMicros)} of the ${markdownUsd(report.budgetMicros)} budget, ${markdownUsd(left)} left`;
  const counts = reviewCounts(report);
  const files = `${plural(counts.inChange, 'file')} in the change: ${[
    `${formatCount(counts.reviewed)} reviewed`,
    `${formatCount(counts.skipped)} skipped`,
    `${formatCount(counts.leftOut)} left out`,
    ...(counts.unseen > 0 ? [`${formatCount(counts.unseen)} unseen`] : []),
    ...(counts.incomplete > 0 ? [`${formatCount(counts.incomplete)} incomplete`] : []),
  ].join(', ')}`;
  const queue =
    outcome.queued !== undefined && outcome.queued > 0
      ? `> ${plural(outcome.queued, 'finding')} ${outcome.queued === 1 ? 'waits' : 'wait'} in the human review queue before ${outcome.queued === 1 ? 'it reaches' : 'they reach'} this pull request.\n\n`
      : '';
  return `${title}${findings} · ${cost}\n\n${files}\n\n${queue}`;
}

/** Findings posted inline, by this run and before: one line each, linking to the comment. */
function postedGroup(
  posted: PostingOutcome['posted'],
  before: PostingOutcome['postedBefore'],
): MarkdownGroup {
  const items = [
    ...posted.map((entry) => findingLine(entry)),
    ...before.map((entry) => findingLine(entry, ' (earlier)')),
  ];
  return markdownGroup('posted findings', items, {
    open: `<details><summary>Posted inline: ${plural(items.length, 'finding')} (${formatCount(posted.length)} by this run)</summary>\n\n`,
    close: '\n</details>\n\n',
  });
}

/** `- **high** · bug · [src/a.ts L3-4](url) — Title`: a finding in one line. */
function findingLine({ finding, url }: { finding: Finding; url?: string | undefined }, suffix = ''): string {
  const place = `${escapeMarkdownLine(finding.path)} ${lineRange(finding)}`;
  const link = url === undefined ? undefined : safeLinkUrl(url);
  const title = escapeMarkdownLine(shorten(finding.title, titleLimit));
  return `- **${finding.severity}** · ${finding.category} · ${link === undefined ? place : `[${place}](${link})`} — ${title}${suffix}\n`;
}

function notesGroup(outcome: PostingOutcome): MarkdownGroup {
  const items: string[] = [];
  const dropped = describeDropped(outcome.report.dropped);
  if (dropped.length > 0) items.push(`${dropped.join(' · ')}\n\n`);
  const notes = [...outcome.report.notes, ...outcome.notes];
  notes.forEach((note, index) => {
    const line = escapeMarkdownLine(shorten(note, noteLimit));
    items.push(`${index === 0 ? '**Notes**\n\n' : ''}- ${line}\n${index === notes.length - 1 ? '\n' : ''}`);
  });
  return markdownGroup('notes', items);
}

/** A findings group under its own heading, with its own label in the truncation note. */
function section(group: MarkdownGroup, label: string, heading: string): MarkdownGroup {
  return { ...group, label, open: heading };
}
