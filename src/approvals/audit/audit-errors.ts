import { ExitCode, StewardError } from '../../errors/index.ts';
import type { AuditVerification } from './verify-audit.ts';

/** `appendAudit` was called in a way that cannot be recorded: a bug in the caller, nothing was written. */
export class AuditAppendError extends StewardError {}

/** `verifyAudit` found problems: the log was edited, entries were deleted or reordered. */
export class AuditLogTamperedError extends StewardError {
  override readonly exitCode = ExitCode.checkFailed;
  readonly verification: AuditVerification;

  constructor(verification: AuditVerification) {
    const count = verification.problems.length;
    super(
      `the audit log is not intact: ${count} problem${count === 1 ? '' : 's'} in ${verification.entries} entries`,
      {
        hint:
          'the log was changed outside Steward. Keep this database as evidence, and compare it with a ' +
          'backup and with head hashes recorded elsewhere (such as `steward audit verify --format json` ' +
          'output in CI logs).',
      },
    );
    this.verification = verification;
  }
}
