import { categories, severities } from '../config/review-schema.ts';

export { categories, severities };
export type Severity = (typeof severities)[number];
export type Category = (typeof categories)[number];

/** How sure Steward is that a finding should reach the author: `post` inline, `hint` in the digest. */
export type Route = 'post' | 'hint';

/** One thing a review found, anchored on changed lines of the head. */
export interface Finding {
  /** Its row in `review_findings`, once a run recorded it. */
  id?: string;
  path: string;
  /** New-side lines, inclusive; every one of them a changed line. */
  startLine: number;
  endLine: number;
  severity: Severity;
  category: Category;
  /** 0–1, after Steward's evidence rules (see review/validate). */
  confidence: number;
  title: string;
  explanation: string;
  /** Replacement text for lines startLine..endLine, when the fix is mechanical. */
  replacement?: string;
  /** Who found it: a model (`provider:model`) or a free check such as `secret-scan`. */
  foundBy: string;
  route?: Route;
}

/** Orders severities from the most to the least severe. */
export function severityRank(severity: Severity): number {
  return severities.indexOf(severity);
}
