import { ExitCode, StewardError } from '../../errors/index.ts';

/** One problem with a Slack interaction payload: the field (`actions.0.value`) and what is wrong. */
export interface SlackPayloadIssue {
  /** Dotted path inside the payload; `payload` for the form field itself. */
  path: string;
  message: string;
}

/** A Slack interaction that is not one of Steward's buttons, or not well formed: answered 400. */
export class SlackPayloadError extends StewardError {
  override readonly exitCode = ExitCode.usage;
  readonly httpStatus = 400;
  /** The first bad field, as a dotted path. */
  readonly field: string;
  readonly issues: readonly SlackPayloadIssue[];

  constructor(issues: readonly [SlackPayloadIssue, ...SlackPayloadIssue[]]) {
    const shown = issues.slice(0, 5);
    super(
      `the Slack payload is not valid: ${shown.map((issue) => `${issue.path}: ${issue.message}`).join('; ')}`,
      { hint: 'Steward takes block_actions from its own Approve / Reject buttons only' },
    );
    this.field = issues[0].path;
    this.issues = shown;
  }
}
