import type { ReviewReport } from '../review-report.ts';
import { plural } from './format-count.ts';

const droppedLabels: Record<keyof ReviewReport['dropped'], (count: number) => string> = {
  notOnChangedLines: (count) => `${plural(count, 'finding')} dropped: not on changed lines`,
  duplicates: (count) => `${plural(count, 'finding')} merged into another one on the same lines`,
  overLimit: (count) => `${plural(count, 'finding')} dropped: over the per-request limit (the least severe)`,
  malformed: (count) => `${plural(count, 'answer')} dropped: not valid findings`,
};

/** One sentence per kind of dropped finding that occurred, e.g. `3 findings dropped: not on changed lines`. */
export function describeDropped(dropped: ReviewReport['dropped']): string[] {
  const lines: string[] = [];
  for (const [key, describe] of Object.entries(droppedLabels) as [
    keyof ReviewReport['dropped'],
    (count: number) => string,
  ][]) {
    const count = dropped[key];
    if (count > 0) lines.push(describe(count));
  }
  return lines;
}
