export { type AuditEntryInput, appendAudit } from './append-audit.ts';
export {
  type AuditEntry,
  type AuditHashInput,
  auditEntryFromRow,
  auditEntryHash,
} from './audit-entry.ts';
export { AuditAppendError, AuditLogTamperedError } from './audit-errors.ts';
export { type AuditEvent, auditEvents, isAuditEvent } from './audit-event.ts';
export { type ListAuditOptions, listAudit } from './list-audit.ts';
export {
  type AuditProblem,
  type AuditVerification,
  maxAuditProblems,
  type VerifyAuditOptions,
  verifyAudit,
} from './verify-audit.ts';
