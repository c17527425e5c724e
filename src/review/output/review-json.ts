import type { Finding } from '../finding.ts';
import type { ReviewUnit } from '../review-plan.ts';
import type { ReviewReport } from '../review-report.ts';
import { reviewCounts } from './review-counts.ts';
import type { ReviewJson } from './review-json-schema.ts';

/** Renders a review as JSON in the stable, versioned shape documented by `reviewJsonSchema`. */
export function formatReviewJson(report: ReviewReport): string {
  return `${JSON.stringify(toReviewJson(report), null, 2)}\n`;
}

/** The report as a version-1 JSON value (see `reviewJsonSchema`). */
export function toReviewJson(report: ReviewReport): ReviewJson {
  const { source } = report;
  const dropped: Record<keyof ReviewReport['dropped'], number> = {
    notOnChangedLines: report.dropped.notOnChangedLines,
    duplicates: report.dropped.duplicates,
    overLimit: report.dropped.overLimit,
    malformed: report.dropped.malformed,
  };
  return {
    version: 1,
    runId: report.runId,
    planOnly: report.planOnly,
    source:
      source.kind === 'local'
        ? {
            kind: 'local',
            root: source.root,
            base: source.base,
            head: source.head,
            mergeBase: source.mergeBase ?? null,
            staged: source.staged,
          }
        : {
            kind: 'github',
            repo: source.repo,
            pr: source.pr,
            baseSha: source.baseSha,
            headSha: source.headSha,
            url: source.url,
          },
    files: reviewCounts(report),
    findings: report.findings.map(findingJson),
    dropped,
    notReviewed: {
      skipped: report.plan.skipped.map((entry) => ({ path: entry.path, reason: entry.reason })),
      leftOut: report.plan.leftOut.map((entry) => ({ unit: unitJson(entry.unit), reason: entry.reason })),
      unseen: report.unseen.map((entry) => ({ path: entry.path ?? null, reason: entry.reason })),
      incomplete: report.incomplete.map((entry) => ({
        unitId: entry.unitId,
        paths: [...entry.paths],
        reason: entry.reason,
      })),
    },
    plan: {
      units: report.plan.units.map(unitJson),
      estimatedCostMicros: report.plan.estimatedCostMicros,
      budgetMicros: report.plan.budgetMicros,
    },
    cost: {
      spentMicros: report.spentMicros,
      budgetMicros: report.budgetMicros,
      estimatedMicros: report.plan.estimatedCostMicros,
    },
    notes: [...report.notes],
  };
}

function findingJson(finding: Finding): ReviewJson['findings'][number] {
  return {
    path: finding.path,
    startLine: finding.startLine,
    endLine: finding.endLine,
    severity: finding.severity,
    category: finding.category,
    confidence: finding.confidence,
    title: finding.title,
    explanation: finding.explanation,
    replacement: finding.replacement ?? null,
    foundBy: finding.foundBy,
    route: finding.route ?? null,
  };
}

function unitJson(unit: ReviewUnit): ReviewJson['plan']['units'][number] {
  return {
    id: unit.id,
    paths: [...unit.paths],
    risk: unit.risk,
    level: unit.level,
    tier: unit.tier,
    model: unit.model,
    estimatedInputTokens: unit.estimatedInputTokens,
    maxOutputTokens: unit.maxOutputTokens,
    estimatedCostMicros: unit.estimatedCostMicros,
    reason: unit.reason,
  };
}
