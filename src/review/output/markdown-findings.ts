import type { ChangeSource } from '../change-set.ts';
import type { Finding } from '../finding.ts';
import type { MarkdownGroup } from './fit-markdown.ts';
import { githubBlobUrl } from './github-links.ts';
import { lineRange } from './line-range.ts';
import { escapeMarkdown, escapeMarkdownLine, fencedCode } from './markdown-escape.ts';
import { shorten } from './shorten.ts';

// Bounds on one finding, so that no single model answer can fill a comment.
const titleLimit = 300;
const explanationLimit = 4_000;
const replacementLimit = 4_000;

/** Findings to post, one section per file, with explanations and suggested changes. */
export function postedFindingsGroup(findings: readonly Finding[], source: ChangeSource): MarkdownGroup {
  const byFile = new Map<string, Finding[]>();
  for (const finding of findings) {
    if (finding.route === 'hint') continue;
    const list = byFile.get(finding.path);
    if (list == null) byFile.set(finding.path, [finding]);
    else list.push(finding);
  }
  const ordered = [...byFile.values()].flat();
  return {
    label: 'findings',
    count: ordered.length,
    item: (index) => {
      const finding = ordered[index];
      if (finding == null) return '';
      const heading = ordered[index - 1]?.path === finding.path ? '' : fileHeading(finding.path, source);
      return heading + findingSection(finding, source);
    },
  };
}

/** Hints, collapsed: one table row each, the title only. */
export function hintsGroup(findings: readonly Finding[], source: ChangeSource): MarkdownGroup {
  const hints = findings.filter((finding) => finding.route === 'hint');
  return {
    label: 'hints',
    open: `<details><summary>${hints.length === 1 ? '1 hint' : `${hints.length} hints`}: less sure or less severe</summary>\n\n| File | Lines | Severity | Category | Finding |\n| --- | --- | --- | --- | --- |\n`,
    close: '\n</details>\n\n',
    count: hints.length,
    item: (index) => {
      const finding = hints[index];
      if (finding == null) return '';
      const lines = link(lineRange(finding), githubBlobUrl(source, finding.path, finding));
      const title = escapeMarkdownLine(shorten(finding.title, titleLimit));
      return `| ${escapeMarkdownLine(finding.path)} | ${lines} | ${finding.severity} | ${finding.category} | ${title} |\n`;
    },
  };
}

function fileHeading(path: string, source: ChangeSource): string {
  return `#### ${link(escapeMarkdownLine(path), githubBlobUrl(source, path))}\n\n`;
}

function findingSection(finding: Finding, source: ChangeSource): string {
  const lines = link(lineRange(finding), githubBlobUrl(source, finding.path, finding));
  const title = escapeMarkdownLine(shorten(finding.title, titleLimit));
  let section = `**${finding.severity}** · ${finding.category} · ${lines} — ${title}\n\n`;
  const explanation = finding.explanation.trim();
  if (explanation !== '') section += `${escapeMarkdown(shorten(explanation, explanationLimit))}\n\n`;
  if (finding.replacement != null) {
    const replacement = shorten(finding.replacement, replacementLimit);
    section += `<details><summary>Suggested change</summary>\n\n${fencedCode(replacement)}\n\n</details>\n\n`;
  }
  return section;
}

function link(text: string, url: string | undefined): string {
  return url == null ? text : `[${text}](${url})`;
}
