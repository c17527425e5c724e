import type { ReviewReport } from '../review-report.ts';

/** How many files of the change each part of a review covered. */
export interface ReviewCounts {
  /** Files in the change, before filtering. */
  inChange: number;
  /** Files in planned units that completed (for a plan: files that would be reviewed). */
  reviewed: number;
  skipped: number;
  /** Files in units the budget could not cover. */
  leftOut: number;
  /** Changes the source could not see. */
  unseen: number;
  /** Files in planned units that did not complete. */
  incomplete: number;
}

export function reviewCounts(report: ReviewReport): ReviewCounts {
  const incompleteUnits = new Set(report.incomplete.map((entry) => entry.unitId));
  const reviewed = new Set<string>();
  const incomplete = new Set<string>();
  for (const unit of report.plan.units) {
    for (const path of unit.paths) (incompleteUnits.has(unit.id) ? incomplete : reviewed).add(path);
  }
  for (const entry of report.incomplete) for (const path of entry.paths) incomplete.add(path);
  const leftOut = new Set(report.plan.leftOut.flatMap((entry) => entry.unit.paths));
  return {
    inChange: report.fileCount,
    reviewed: reviewed.size,
    skipped: report.plan.skipped.length,
    leftOut: leftOut.size,
    unseen: report.unseen.length,
    incomplete: incomplete.size,
  };
}
