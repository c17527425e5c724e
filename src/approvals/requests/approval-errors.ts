import { ExitCode, StewardError } from '../../errors/index.ts';

/** A typed error of the approval gate: the CLI exits 2 with it, the API answers `httpStatus`. */
abstract class ApprovalError extends StewardError {
  override readonly exitCode = ExitCode.usage;
  abstract readonly httpStatus: number;
}

/** The proposed action is not valid: an unknown kind, no targets, a missing reason. */
export class InvalidActionError extends ApprovalError {
  readonly httpStatus = 400;
}

/** No request has the id given. */
export class ApprovalRequestNotFoundError extends ApprovalError {
  readonly httpStatus = 404;
  constructor(id: string) {
    super(`No approval request has the id "${id}".`, {
      hint: 'Ids look like ar_0123456789; `steward approvals list` shows the pending ones.',
    });
  }
}

/** The request is no longer pending: decided, expired, denied or running. */
export class ApprovalRequestClosedError extends ApprovalError {
  readonly httpStatus = 409;
}

/** The person may not decide this request: the proposer, an agent, or not in its approver groups. */
export class NotAllowedToDecideError extends ApprovalError {
  readonly httpStatus = 403;
}

/** This person's approval is already counted: the same person counts once. */
export class AlreadyDecidedError extends ApprovalError {
  readonly httpStatus = 409;
}

/** The action differs from the one the approver saw (its hash changed): it needs a new decision. */
export class ActionChangedError extends ApprovalError {
  readonly httpStatus = 409;
}

/** A decision that cannot be taken as given: a rejection without a comment. */
export class InvalidDecisionError extends ApprovalError {
  readonly httpStatus = 400;
}
