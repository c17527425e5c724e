/**
 * Table types of the Steward database, as Kysely sees them. A migration that adds or changes a
 * table updates its interface here as well.
 *
 * Portable column conventions (SQLite and PostgreSQL):
 * - money is integer micro-USD in `bigint` columns; both dialects read `bigint` as a JS number;
 * - text keys and values are `text`.
 */
export interface Database {
  steward_meta: StewardMetaTable;
  ledger_entries: LedgerEntriesTable;
  budget_counters: BudgetCountersTable;
  budget_reservations: BudgetReservationsTable;
  budget_alerts: BudgetAlertsTable;
  agent_pauses: AgentPausesTable;
  review_runs: ReviewRunsTable;
  review_findings: ReviewFindingsTable;
  review_pr_hunks: ReviewPrHunksTable;
  review_hunk_cache: ReviewHunkCacheTable;
  review_leases: ReviewLeasesTable;
}

/** Facts about the installation itself, by key. */
export interface StewardMetaTable {
  key: string;
  value: string;
}

/** One priced model call (or refusal); append-only. (0002-budgets-and-ledger) */
export interface LedgerEntriesTable {
  id: string;
  at_ms: number;
  purpose: string;
  agent: string;
  run_id: string | null;
  repo: string | null;
  scopes: string;
  provider: string;
  model: string;
  estimated_input_tokens: number;
  max_output_tokens: number;
  input_tokens: number | null;
  cached_input_tokens: number | null;
  cache_write_tokens: number | null;
  output_tokens: number | null;
  estimated_cost_micros: number;
  actual_cost_micros: number;
  latency_ms: number | null;
  outcome: string;
  detail: string | null;
}

/** Spent and reserved money of one scope in one window. */
export interface BudgetCountersTable {
  scope: string;
  window_key: string;
  spent_micros: number;
  reserved_micros: number;
  updated_at_ms: number;
}

/** A lease on reserved money; reclaimed when it expires (its process died). */
export interface BudgetReservationsTable {
  id: string;
  created_at_ms: number;
  expires_at_ms: number;
  micros: number;
  /** JSON: the counters it reserved in, `[{ scope, window_key }]`. */
  counters: string;
}

/** A threshold alert that fired: at most one per scope, window and threshold. */
export interface BudgetAlertsTable {
  scope: string;
  window_key: string;
  threshold: string;
  fired_at_ms: number;
  spent_micros: number;
  limit_micros: number;
}

/** An agent stopped by the spend-velocity kill switch until someone resumes it. */
export interface AgentPausesTable {
  agent: string;
  paused_at_ms: number;
  reason: string;
}

/** One `steward review` (or webhook-triggered review) and its plan. (0003-reviews) */
export interface ReviewRunsTable {
  id: string;
  created_at_ms: number;
  finished_at_ms: number | null;
  source_kind: string;
  repo: string | null;
  pr: number | null;
  base: string;
  head: string;
  /** `planned` (plan only), `completed`, `partial` (some units not done), `failed`. */
  status: string;
  plan_only: number;
  budget_micros: number;
  estimated_cost_micros: number;
  spent_micros: number;
  /** JSON of the ReviewPlan. */
  plan: string;
  /** JSON: counts of dropped findings, incomplete units, notes. */
  summary: string;
}

/** A finding a review kept, with its route. (0003-reviews) */
export interface ReviewFindingsTable {
  id: string;
  run_id: string;
  path: string;
  start_line: number;
  end_line: number;
  severity: string;
  category: string;
  confidence: number;
  title: string;
  explanation: string;
  replacement: string | null;
  found_by: string;
  route: string;
  /** The hunk the finding sits in (0004-review-memory); null for findings recorded before it. */
  hunk_key: string | null;
  /** When a later push removed or changed the finding's hunk (0006-outdated-findings). */
  outdated_at_ms: number | null;
}

/** Hunks a pull request has had reviewed, by content: never paid for twice. (0004-review-memory) */
export interface ReviewPrHunksTable {
  repo: string;
  pr: number;
  hunk_key: string;
  run_id: string;
  reviewed_at_ms: number;
}

/** A model's findings for one hunk, reusable wherever the same change appears. (0004-review-memory) */
export interface ReviewHunkCacheTable {
  cache_key: string;
  /** JSON: findings with lines relative to the hunk's first new line. */
  findings: string;
  created_at_ms: number;
  last_used_at_ms: number;
}

/** The one review running for a pull request, and until when its lease holds. (0005-review-leases) */
export interface ReviewLeasesTable {
  repo: string;
  pr: number;
  head: string;
  run_id: string;
  expires_at_ms: number;
}
