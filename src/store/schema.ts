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
  jobs: JobsTable;
  webhook_deliveries: WebhookDeliveriesTable;
  github_installations: GitHubInstallationsTable;
  github_pull_requests: GitHubPullRequestsTable;
  github_posted_findings: GitHubPostedFindingsTable;
  review_queue: ReviewQueueTable;
  finding_feedback: FindingFeedbackTable;
  incidents: IncidentsTable;
  incident_alerts: IncidentAlertsTable;
  incident_history: IncidentHistoryTable;
  incident_proposals: IncidentProposalsTable;
  approval_requests: ApprovalRequestsTable;
  approval_decisions: ApprovalDecisionsTable;
  approval_steps: ApprovalStepsTable;
  audit_log: AuditLogTable;
  audit_head: AuditHeadTable;
  slack_requests: SlackRequestsTable;
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

/** The durable job queue (0007-github-app). */
export interface JobsTable {
  id: string;
  kind: string;
  /** JSON. */
  payload: string;
  /** A job with the same key is not enqueued twice. */
  dedupe_key: string | null;
  status: 'queued' | 'running' | 'done' | 'failed';
  attempts: number;
  max_attempts: number;
  /** Not claimed before this time (retries back off). */
  run_after_ms: number;
  /** The worker running it, and until when its claim holds without a heartbeat. */
  locked_by: string | null;
  lease_until_ms: number | null;
  last_error: string | null;
  created_at_ms: number;
  finished_at_ms: number | null;
}

/** Every GitHub webhook delivery accepted, by its X-GitHub-Delivery id: a redelivery is ignored. */
export interface WebhookDeliveriesTable {
  delivery_id: string;
  event: string;
  action: string | null;
  received_at_ms: number;
  /** The job it queued, if any. */
  job_id: string | null;
}

/** GitHub App installations, from installation events. */
export interface GitHubInstallationsTable {
  id: number;
  account: string;
  status: 'active' | 'suspended' | 'deleted';
  updated_at_ms: number;
}

/** What Steward keeps per pull request on GitHub: its installation, `/steward pause`, the summary comment. */
export interface GitHubPullRequestsTable {
  repo: string;
  pr: number;
  installation_id: number | null;
  paused: number;
  /** The issue comment edited in place on every run. */
  summary_comment_id: number | null;
  updated_at_ms: number;
}

/** A finding posted on a pull request: never posted twice (by its fingerprint). */
export interface GitHubPostedFindingsTable {
  repo: string;
  pr: number;
  fingerprint: string;
  finding_id: string;
  category: string;
  /** The inline review comment, when it was posted as one. */
  comment_id: number | null;
  review_id: number | null;
  posted_at_ms: number;
}

/** A hint finding waiting for a human reviewer before it reaches the author. */
export interface ReviewQueueTable {
  id: string;
  finding_id: string;
  fingerprint: string;
  repo: string;
  pr: number;
  head: string;
  path: string;
  start_line: number;
  end_line: number;
  severity: string;
  category: string;
  confidence: number;
  title: string;
  explanation: string;
  replacement: string | null;
  /** JSON array of owners (CODEOWNERS of the file, else the configured team). */
  reviewers: string;
  status: 'pending' | 'accepted' | 'dismissed';
  reason: string | null;
  decided_by: string | null;
  decided_at_ms: number | null;
  created_at_ms: number;
}

/** One signal about one finding: a reaction, a resolved thread, a reply, a later change, a queue decision. */
export interface FindingFeedbackTable {
  id: string;
  finding_id: string;
  repo: string;
  pr: number;
  category: string;
  kind:
    | 'thumbs_up'
    | 'thumbs_down'
    | 'resolved'
    | 'unresolved'
    | 'reply'
    | 'changed'
    | 'accepted'
    | 'dismissed';
  /** Who gave it (a GitHub login), or '' when nobody in particular (a later commit). */
  actor: string;
  detail: string | null;
  at_ms: number;
}

/** An incident: related alerts grouped together (0008-incidents). */
export interface IncidentsTable {
  /** 8 lowercase hexadecimal characters. */
  id: string;
  title: string;
  status: 'open' | 'resolved';
  /** Where its first alert came from: `alertmanager`, `pagerduty` or `generic`. */
  source: string;
  /** The Alertmanager-compatible group key (`{}:{label="value",…}`), or the matching key for other sources. */
  group_key: string;
  /** JSON array of service names. */
  services: string;
  severity: string;
  alert_count: number;
  opened_at_ms: number;
  /** When its newest alert arrived: the incident takes alerts while this is within the window. */
  last_alert_at_ms: number;
  resolved_at_ms: number | null;
  /** JSON: severity, likely cause, confidence, summary, and what they rest on. */
  triage: string | null;
  /** The Slack message that tracks it (updated as it grows). */
  slack_ts: string | null;
  updated_at_ms: number;
}

/** One alert (by source and fingerprint) of an incident. */
export interface IncidentAlertsTable {
  id: string;
  incident_id: string;
  source: string;
  /** Alertmanager's label-set fingerprint, or the PagerDuty `dedup_key`, or the generic source's id. */
  fingerprint: string;
  status: 'firing' | 'resolved';
  alertname: string | null;
  service: string | null;
  /** JSON objects. */
  labels: string;
  annotations: string;
  starts_at_ms: number;
  ends_at_ms: number | null;
  /** How many times it was received. */
  occurrences: number;
  received_at_ms: number;
  updated_at_ms: number;
}

/** A past incident, imported or resolved here: what similar-incident search and action ranking read. */
export interface IncidentHistoryTable {
  id: string;
  title: string;
  /** JSON array. */
  services: string;
  /** JSON object. */
  labels: string;
  summary: string;
  root_cause: string;
  /** JSON array of { action, outcome: 'resolved' | 'improved' | 'no_effect' | 'worse', minutes? }. */
  actions: string;
  resolved: number;
  minutes_to_resolve: number | null;
  occurred_at_ms: number | null;
  imported_at_ms: number;
}

/** An action suggested for an incident that would touch production: it waits for the approval gate. */
export interface IncidentProposalsTable {
  id: string;
  incident_id: string;
  action: string;
  /** `restart`, `rollback`, `scale`, `deploy`, `config_change`, `infra_change`, … */
  kind: string;
  target: string | null;
  rationale: string;
  /** JSON: the past incidents and outcomes behind it. */
  evidence: string;
  /** `history` or `model`. */
  origin: string;
  status: 'proposed' | 'approved' | 'denied' | 'rejected' | 'expired' | 'executed' | 'failed';
  created_at_ms: number;
  /** The approval request it became, once it went to the gate. */
  approval_request_id: string | null;
  /** Why it was rejected, denied, expired or failed: the agent's feedback. */
  outcome_reason: string | null;
}

export const approvalStatuses = [
  'pending',
  'approved',
  'executing',
  'executed',
  'failed',
  'rejected',
  'expired',
  'denied',
] as const;
export type ApprovalStatus = (typeof approvalStatuses)[number];

/** An action an agent proposed, and where it stands. */
export interface ApprovalRequestsTable {
  /** `ar_` and 10 hex characters. */
  id: string;
  kind: string;
  environment: string;
  /** JSON `{ services: string[], hosts: string[] }`. */
  targets: string;
  /** JSON object: the exact arguments. */
  arguments: string;
  /** sha-256 of kind, environment, targets and arguments (canonical JSON): what approvals bind to. */
  action_hash: string;
  agent: string;
  run_id: string;
  /** The proposer's identity (`agent:<name>` for agents); never an approver of its own request. */
  proposed_by: string;
  reason: string;
  /** Proposing the same action again with this key returns the first request. */
  dedupe_key: string | null;
  /** JSON: the policy decision taken at proposal (decision, rule, approvers, min approvals, wait, wide). */
  policy: string;
  /** sha-256 of the targets' state (instances) at proposal; a change before running is drift. */
  target_digest: string;
  status: ApprovalStatus;
  outcome_reason: string | null;
  slack_ts: string | null;
  /** The process running it, and until when its claim holds (renewed before each step). */
  runner: string | null;
  runner_until_ms: number | null;
  created_at_ms: number;
  expires_at_ms: number;
  approved_at_ms: number | null;
  finished_at_ms: number | null;
}

/** One person's decision on a request, bound to the action hash and target state they saw. */
export interface ApprovalDecisionsTable {
  request_id: string;
  person: string;
  decision: 'approve' | 'reject';
  comment: string;
  action_hash: string;
  target_digest: string;
  /** `cli`, `api` or `slack`. */
  via: string;
  decided_at_ms: number;
}

/** One step of an execution (at most `max_targets_per_step` targets); its key is the idempotency key. */
export interface ApprovalStepsTable {
  request_id: string;
  /** From 1. */
  step: number;
  /** JSON array of targets (`service/instance` or hosts). */
  targets: string;
  status: 'started' | 'executed' | 'passed' | 'failed';
  detail: string | null;
  started_at_ms: number;
  finished_at_ms: number | null;
}

/** Append-only, hash-chained: each entry's hash covers its fields and the previous entry's hash. */
export interface AuditLogTable {
  /** 1, 2, 3, … without gaps. */
  seq: number;
  at_ms: number;
  event: string;
  request_id: string | null;
  actor: string;
  /** JSON object. */
  detail: string;
  prev_hash: string;
  hash: string;
}

/** One row (id 1): the newest audit entry's seq and hash. */
export interface AuditHeadTable {
  id: number;
  seq: number;
  hash: string;
}

/** Slack request signatures already accepted: a replay is refused. */
export interface SlackRequestsTable {
  signature: string;
  received_at_ms: number;
}
