export type {
  AgentPausesTable,
  BudgetAlertsTable,
  BudgetCountersTable,
  BudgetReservationsTable,
  LedgerEntriesTable,
} from '../store/index.ts';
export { type BudgetEvent, describeBudgetEvent } from './budget-event.ts';
export { type BudgetKeeper, type BudgetKeeperOptions, createBudgetKeeper } from './budget-keeper.ts';
export { type BudgetRefusal, BudgetRefusedError, describeRefusal } from './budget-refusal.ts';
export { type BudgetStatusLine, budgetStatus } from './budget-status.ts';
export { type CounterRef, countersFor } from './counters.ts';
export { checkSpendVelocity, pauseOf, resumeAgent } from './kill-switch.ts';
export type { CallOutcome, LedgerEntry } from './ledger-entry.ts';
export { ledgerEntryOf } from './ledger-row.ts';
export { createNotifier, type Notifier, type NotifierOptions } from './notifier.ts';
export { spendFromCounters, spendFromLedger } from './rebuild-counters.ts';
export type { Reservation, ReserveResult } from './reserve.ts';
export { type Scope, type ScopeContext, scopesFor, teamsOf } from './scopes.ts';
export { reclaimExpiredReservations, recordRefusal as appendLedgerEntry } from './settle.ts';
export {
  type SpendGrouping,
  type SpendQuery,
  type SpendRow,
  spendGroupings,
  spendReport,
} from './spend-report.ts';
export { type WindowKind, windowEnd, windowKey, windowKinds } from './windows.ts';
