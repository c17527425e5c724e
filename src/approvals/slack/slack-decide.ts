/** A decision taken with a Slack button, as the route hands it to the approval gate. */
export interface SlackDecisionInput {
  requestId: string;
  /** The person `approvals.slack.users` maps the clicking Slack user to. */
  person: string;
  decision: 'approve' | 'reject';
  comment: string;
  via: 'slack';
}

/**
 * Records a decision taken in Slack; `message` is shown to the person who clicked (only to them). A
 * refusal (not an approver, already decided, expired…) is `ok: false` with the reason, not an error.
 */
export type SlackDecide = (
  input: SlackDecisionInput,
) => Promise<{ ok: true; message: string } | { ok: false; message: string }>;
