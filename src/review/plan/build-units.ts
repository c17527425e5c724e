import type { ReviewConfig } from '../../config/index.ts';
import type { FileChange, Hunk } from '../change-set.ts';
import type { FileScore, ReviewLevel } from '../review-plan.ts';

/** A unit of work before it is priced: the files (or part of one file) one request reviews. */
export interface DraftUnit {
  id: string;
  files: FileChange[];
  risk: number;
  level: ReviewLevel;
  reason: string;
}

/** Most changed lines one request reviews of a large file; beyond it the file is split by hunks. */
export const maxLinesPerUnit = 600;

/**
 * Groups files into units: small files batched several to a request (neighbours by path, so related
 * files travel together), others one to a request, large ones split by hunks. Each unit's level comes
 * from its riskiest file and the configured thresholds.
 */
export function buildUnits(
  files: readonly FileChange[],
  scores: ReadonlyMap<string, FileScore>,
  config: ReviewConfig,
): DraftUnit[] {
  const units: DraftUnit[] = [];
  const riskOf = (file: FileChange) => scores.get(file.path)?.risk ?? 0;
  const small = (file: FileChange) => file.additions + file.deletions <= config.batch.max_changed_lines;
  const add = (unitFiles: FileChange[]) => {
    const risk = Math.max(...unitFiles.map(riskOf));
    const { level, reason } = levelFor(risk, config);
    units.push({ id: `u${units.length + 1}`, files: unitFiles, risk, level, reason });
  };

  const sorted = [...files].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  let batch: FileChange[] = [];
  let batchLines = 0;
  const flush = () => {
    if (batch.length > 0) add(batch);
    batch = [];
    batchLines = 0;
  };
  for (const file of sorted) {
    const lines = file.additions + file.deletions;
    if (!small(file) || config.batch.max_files <= 1) {
      for (const part of splitByHunks(file)) add([part]);
      continue;
    }
    if (batch.length >= config.batch.max_files || batchLines + lines > config.batch.max_changed_lines * 2)
      flush();
    batch.push(file);
    batchLines += lines;
  }
  flush();
  return units;
}

/** The review level for a risk score, and why. */
export function levelFor(risk: number, config: ReviewConfig): { level: ReviewLevel; reason: string } {
  const { standard, complex } = config.tier_thresholds;
  const shown = risk.toFixed(2);
  if (risk >= complex) return { level: 'complex', reason: `risk ${shown} ≥ ${complex}` };
  if (risk >= standard) return { level: 'standard', reason: `risk ${shown} ≥ ${standard}` };
  return { level: 'simple', reason: `risk ${shown} < ${standard}` };
}

/** Splits a file whose change is too large for one request into parts of whole hunks. */
function splitByHunks(file: FileChange): FileChange[] {
  if (file.additions + file.deletions <= maxLinesPerUnit) return [file];
  const parts: FileChange[] = [];
  let hunks: Hunk[] = [];
  let lines = 0;
  const flush = () => {
    if (hunks.length === 0) return;
    const additions = hunks.reduce(
      (sum, hunk) => sum + hunk.lines.filter((line) => line.startsWith('+')).length,
      0,
    );
    const deletions = hunks.reduce(
      (sum, hunk) => sum + hunk.lines.filter((line) => line.startsWith('-')).length,
      0,
    );
    parts.push({ ...file, hunks, additions, deletions });
    hunks = [];
    lines = 0;
  };
  for (const hunk of file.hunks) {
    const hunkLines = hunk.lines.length;
    if (lines > 0 && lines + hunkLines > maxLinesPerUnit) flush();
    hunks.push(hunk);
    lines += hunkLines;
  }
  flush();
  return parts;
}
