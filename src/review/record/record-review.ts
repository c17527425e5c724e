import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../../store/index.ts';
import type { ReviewReport } from '../review-report.ts';

/** Stores a review run, its plan and its findings, in one transaction. */
export async function recordReview(
  db: Kysely<Database>,
  report: ReviewReport,
  startedAt: number,
  finishedAt: number,
  /** The content key of the hunk a finding sits in, so a later push can mark it outdated. */
  hunkKeyAt: (path: string, line: number) => string | undefined = () => undefined,
): Promise<void> {
  const source = report.source;
  const status = report.planOnly
    ? 'planned'
    : report.incomplete.length > 0 || report.plan.leftOut.length > 0
      ? 'partial'
      : 'completed';
  await db.transaction().execute(async (transaction) => {
    await transaction
      .insertInto('review_runs')
      .values({
        id: report.runId,
        created_at_ms: startedAt,
        finished_at_ms: finishedAt,
        source_kind: source.kind,
        repo: source.kind === 'github' ? source.repo : null,
        pr: source.kind === 'github' ? source.pr : null,
        base: source.kind === 'github' ? source.baseSha : (source.mergeBase ?? source.base),
        head: source.kind === 'github' ? source.headSha : source.head,
        status,
        plan_only: report.planOnly ? 1 : 0,
        budget_micros: report.budgetMicros,
        estimated_cost_micros: report.plan.estimatedCostMicros,
        spent_micros: report.spentMicros,
        plan: JSON.stringify(report.plan),
        summary: JSON.stringify({
          dropped: report.dropped,
          incomplete: report.incomplete,
          unseen: report.unseen,
          notes: report.notes,
        }),
      })
      .execute();
    if (report.findings.length === 0) return;
    for (let start = 0; start < report.findings.length; start += 500) {
      await transaction
        .insertInto('review_findings')
        .values(
          report.findings.slice(start, start + 500).map((finding) => ({
            id: finding.id ?? randomUUID(),
            run_id: report.runId,
            path: finding.path,
            start_line: finding.startLine,
            end_line: finding.endLine,
            severity: finding.severity,
            category: finding.category,
            confidence: finding.confidence,
            title: finding.title,
            explanation: finding.explanation,
            replacement: finding.replacement ?? null,
            found_by: finding.foundBy,
            route: finding.route ?? 'hint',
            hunk_key: hunkKeyAt(finding.path, finding.startLine) ?? null,
          })),
        )
        .execute();
    }
  });
}
