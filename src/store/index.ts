export { checkConnection } from './check-connection.ts';
export { resolveDataDir } from './data-dir.ts';
export { migrateToLatest } from './migrate-to-latest.ts';
export { type MigrationStatus, migrationStatus } from './migration-status.ts';
export { type OpenStoreOptions, openStore } from './open-store.ts';
export type {
  AgentPausesTable,
  ApprovalDecisionsTable,
  ApprovalRequestsTable,
  ApprovalStatus,
  ApprovalStepsTable,
  AuditHeadTable,
  AuditLogTable,
  BudgetAlertsTable,
  BudgetCountersTable,
  BudgetReservationsTable,
  Database,
  FindingFeedbackTable,
  GitHubInstallationsTable,
  GitHubPostedFindingsTable,
  GitHubPullRequestsTable,
  IncidentAlertsTable,
  IncidentHistoryTable,
  IncidentProposalsTable,
  IncidentsTable,
  JobsTable,
  LedgerEntriesTable,
  ReviewFindingsTable,
  ReviewHunkCacheTable,
  ReviewLeasesTable,
  ReviewPrHunksTable,
  ReviewQueueTable,
  ReviewRunsTable,
  SlackRequestsTable,
  StewardMetaTable,
  WebhookDeliveriesTable,
} from './schema.ts';
export { approvalStatuses } from './schema.ts';
export type { Store, StoreDialect } from './store.ts';
export type { MigrationDatabase, StoreMigration } from './store-migration.ts';
