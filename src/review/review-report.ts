import type { ChangeSet } from './change-set.ts';
import type { Finding } from './finding.ts';
import type { ReviewPlan } from './review-plan.ts';

/** Everything a review produced: what every output format (text, Markdown, JSON, SARIF) renders. */
export interface ReviewReport {
  /** The review run's id in the store. */
  runId: string;
  /**
   * Set when the run did nothing: its head was reviewed already (`done`), is being reviewed (`running`),
   * or runaway protection stopped it (`runaway`).
   */
  nothingToDo?: 'done' | 'running' | 'runaway';
  source: ChangeSet['source'];
  /** Files in the change, before filtering. */
  fileCount: number;
  unseen: ChangeSet['unseen'];
  plan: ReviewPlan;
  /** Kept findings, `route` set, most severe first. */
  findings: Finding[];
  dropped: {
    /** Findings that pointed at lines the change did not add. */
    notOnChangedLines: number;
    /** Findings merged into another one on the same lines. */
    duplicates: number;
    /** Findings beyond `review.max_findings_per_unit` for one request (the least severe). */
    overLimit: number;
    /** Answers that were not valid findings (malformed JSON, wrong shape). */
    malformed: number;
  };
  /** Money actually spent by this review, and the budget it ran under. */
  spentMicros: number;
  budgetMicros: number;
  /** Units that were planned but not completed (a refusal, a failed call), with why. */
  incomplete: { unitId: string; paths: string[]; reason: string }[];
  /** Things the user should know, e.g. how to configure a provider. */
  notes: string[];
  /** True for `--plan`: nothing was called or spent. */
  planOnly: boolean;
}
