export { approvalDepsFor } from './approval-deps-for.ts';
export {
  type AuditEntry,
  type AuditEvent,
  type AuditVerification,
  appendAudit,
  listAudit,
  verifyAudit,
} from './audit/index.ts';
export {
  createExecutor,
  createHealthCheck,
  type Executor,
  type HealthCheck,
  type Inventory,
  loadInventory,
} from './execute/index.ts';
export { evaluatePolicy } from './policy/evaluate-policy.ts';
export {
  type ActionTargets,
  actionHash,
  type ProposedAction,
  type ProposedActionInput,
  proposedActionSchema,
} from './registry/proposed-action.ts';
export type { ApprovalDeps } from './requests/approval-deps.ts';
export {
  ActionChangedError,
  AlreadyDecidedError,
  ApprovalRequestClosedError,
  ApprovalRequestNotFoundError,
  InvalidActionError,
  InvalidDecisionError,
  NotAllowedToDecideError,
} from './requests/approval-errors.ts';
export type { ApprovalRequest, RequestPolicy } from './requests/approval-request.ts';
export { incidentProposalClosedJob } from './requests/close-request.ts';
export { type DecisionInput, type DecisionResult, decideRequest } from './requests/decide-request.ts';
export { expireRequests } from './requests/expire-requests.ts';
export { describeProposal, type ProposalResult, proposeAction } from './requests/propose-action.ts';
export { executeApprovalJob } from './requests/queue-execution.ts';
export {
  type Decision,
  decisionsOf,
  listRequests,
  type RequestOutcome,
  readRequest,
  requestOutcome,
  type Step,
  stepsOf,
} from './requests/read-requests.ts';
export { approvalJobHandlers } from './run/approval-job-handlers.ts';
export { type ExecuteDeps, executeRequest } from './run/execute-request.ts';
export { syncApprovalMessage } from './slack/index.ts';
