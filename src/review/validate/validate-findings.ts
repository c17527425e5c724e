import type { ReviewConfig } from '../../config/index.ts';
import { addedLineNumbers, type FileChange } from '../change-set.ts';
import { type Category, type Finding, severityRank } from '../finding.ts';
import type { FileScore } from '../review-plan.ts';
import type { ModelFinding } from '../run/model-findings-schema.ts';

export interface ValidationCounts {
  notOnChangedLines: number;
  duplicates: number;
  overLimit: number;
}

const securitySignals =
  /auth|crypto|sql|shell|exec|deserial|eval|html|secret|token|password|permission|path/i;

/**
 * Turns a model's answer for one unit into findings Steward stands behind:
 * - a finding must name a file of the unit, and its start and end lines must be lines the change adds,
 *   within one hunk — otherwise it is dropped and counted;
 * - confidence starts from the model's own and moves on evidence (see `adjustConfidence`);
 * - at most `limit` findings per unit, the most severe and confident kept.
 */
export function validateUnitFindings(
  answer: readonly ModelFinding[],
  files: readonly FileChange[],
  scores: ReadonlyMap<string, FileScore>,
  foundBy: string,
  limit: number,
): { findings: Finding[]; counts: ValidationCounts } {
  const counts: ValidationCounts = { notOnChangedLines: 0, duplicates: 0, overLimit: 0 };
  const hunksByPath = new Map<string, number[][]>();
  for (const file of files) {
    const hunks = hunksByPath.get(file.path) ?? [];
    hunks.push(...file.hunks.map(addedLineNumbers));
    hunksByPath.set(file.path, hunks);
  }
  const kept: Finding[] = [];
  for (const raw of answer) {
    const hunks = hunksByPath.get(raw.path);
    const anchored =
      hunks !== undefined &&
      raw.start_line <= raw.end_line &&
      hunks.some((lines) => lines.includes(raw.start_line) && lines.includes(raw.end_line));
    if (!anchored) {
      counts.notOnChangedLines++;
      continue;
    }
    kept.push({
      path: raw.path,
      startLine: raw.start_line,
      endLine: raw.end_line,
      severity: raw.severity,
      category: raw.category,
      confidence: adjustConfidence(raw, scores.get(raw.path)),
      title: clip(raw.title.trim(), 200),
      explanation: clip(raw.explanation.trim(), 2000),
      ...(raw.replacement == null ? {} : { replacement: raw.replacement }),
      foundBy,
    });
  }
  const merged = mergeDuplicates(kept);
  counts.duplicates += kept.length - merged.length;
  merged.sort(bySeverityThenConfidence);
  counts.overLimit = Math.max(0, merged.length - limit);
  return { findings: merged.slice(0, limit), counts };
}

/**
 * Evidence rules, applied to the model's own confidence and clamped to 0–1:
 * - a security finding in a file with security signals (auth, crypto, SQL, shell, …) +0.1; without any −0.1;
 * - an explanation under 30 characters −0.15: a claim without reasons;
 * - category `style` −0.2: rarely worth interrupting the author;
 * - a replacement +0.05: the model committed to a concrete fix.
 */
export function adjustConfidence(raw: ModelFinding, score: FileScore | undefined): number {
  let confidence = raw.confidence;
  if (raw.category === 'security') {
    confidence += score?.signals.some((signal) => securitySignals.test(signal)) ? 0.1 : -0.1;
  }
  if (raw.explanation.trim().length < 30) confidence -= 0.15;
  if (raw.category === 'style') confidence -= 0.2;
  if (raw.replacement != null && raw.replacement.trim() !== '') confidence += 0.05;
  return Math.round(Math.min(1, Math.max(0, confidence)) * 100) / 100;
}

/** Findings of one category on overlapping lines of one file are one finding: the most severe wording wins. */
export function mergeDuplicates(findings: readonly Finding[]): Finding[] {
  const result: Finding[] = [];
  for (const finding of [...findings].sort(bySeverityThenConfidence)) {
    const twin = result.find(
      (other) =>
        other.path === finding.path &&
        other.category === finding.category &&
        other.startLine <= finding.endLine &&
        finding.startLine <= other.endLine,
    );
    if (twin === undefined) result.push({ ...finding });
    else twin.confidence = Math.max(twin.confidence, finding.confidence);
  }
  return result;
}

/**
 * Marks each finding `post` (inline comment) or `hint` (digest) by the configured thresholds. A category
 * in `thresholds` (calibrated from feedback, see review/feedback) uses that minimum confidence instead of
 * `post.min_confidence`.
 */
export function routeFindings(
  findings: readonly Finding[],
  post: ReviewConfig['post'],
  thresholds: Partial<Record<Category, number>> = {},
): Finding[] {
  const minimum = severityRank(post.min_severity);
  return findings.map((finding) => ({
    ...finding,
    route:
      finding.confidence >= (thresholds[finding.category] ?? post.min_confidence) &&
      severityRank(finding.severity) <= minimum
        ? 'post'
        : 'hint',
  }));
}

function bySeverityThenConfidence(a: Finding, b: Finding): number {
  return (
    severityRank(a.severity) - severityRank(b.severity) ||
    b.confidence - a.confidence ||
    (a.path < b.path ? -1 : a.path > b.path ? 1 : a.startLine - b.startLine)
  );
}

function clip(text: string, length: number): string {
  return text.length <= length ? text : `${text.slice(0, length - 1)}…`;
}
