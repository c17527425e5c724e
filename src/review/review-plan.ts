import type { ReviewConfig } from '../config/index.ts';

/** A file the review does not look at, and why (shown to the user). */
export interface SkippedFile {
  path: string;
  reason: string;
}

/** How risky and complex a file's change is, from free signals only (see review/score). */
export interface FileScore {
  path: string;
  /** 0–1: how much a mistake here would hurt, and how likely one is. */
  risk: number;
  /** The signals that raised the score, e.g. `sql`, `auth path`, `control flow`. */
  signals: string[];
  /** Per hunk, in the file's hunk order. */
  hunks: { risk: number; signals: string[] }[];
}

export type ReviewLevel = keyof ReviewConfig['tiers'];

/** One model request of a review: one file, or several small files batched. */
export interface ReviewUnit {
  id: string;
  paths: string[];
  /** The highest risk among its files. */
  risk: number;
  level: ReviewLevel;
  tier: string;
  /** `provider:model` of the tier's first model. */
  model: string;
  estimatedInputTokens: number;
  maxOutputTokens: number;
  /** Worst case: input tokens at the input price plus the output cap at the output price. */
  estimatedCostMicros: number;
  /** Why the unit got this level, e.g. `risk 0.72 ≥ 0.65`, or `downgraded to fit the budget`. */
  reason: string;
}

/** What a review will do, before it does it; computing it costs nothing. */
export interface ReviewPlan {
  units: ReviewUnit[];
  skipped: SkippedFile[];
  /** Units the budget could not cover, riskiest first, with why. */
  leftOut: { unit: ReviewUnit; reason: string }[];
  estimatedCostMicros: number;
  /** The budget the plan was fitted into. */
  budgetMicros: number;
}
