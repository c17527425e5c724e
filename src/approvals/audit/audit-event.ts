/**
 * What an audit entry records, in the order a request usually meets them: proposed (or denied by
 * policy at once), each approval or rejection, approval complete, expired, the action changed after
 * approval (`changed`) or its targets did (`drift`), then execution: started, each step executed and
 * checked (passed or failed), and the end (executed or failed).
 */
export const auditEvents = [
  'proposed',
  'denied',
  'approved',
  'rejected',
  'approval_complete',
  'expired',
  'changed',
  'drift',
  'execution_started',
  'step_executed',
  'step_passed',
  'step_failed',
  'executed',
  'failed',
] as const;

/** One of `auditEvents`. */
export type AuditEvent = (typeof auditEvents)[number];

/** Whether `value` is one of `auditEvents`. */
export function isAuditEvent(value: unknown): value is AuditEvent {
  return typeof value === 'string' && (auditEvents as readonly string[]).includes(value);
}
