// The Slack side of the approval gate: messages with Approve / Reject buttons, and the checks on
// Slack's requests when a button is clicked. The route is src/server/slack-routes.ts.
export {
  type ApprovalMessageState,
  approvalMessageBlocks,
  slackDecisionBlockId,
} from './approval-message.ts';
export { readApprovalMessageState } from './approval-message-state.ts';
export {
  type ApprovalSlackOptions,
  type ApprovalSlackResult,
  postApprovalMessage,
  slackPostingMarker,
  syncApprovalMessage,
  updateApprovalMessage,
} from './approval-slack-messages.ts';
export {
  parseSlackAction,
  type SlackAction,
  slackApproveActionId,
  slackRejectActionId,
} from './parse-slack-action.ts';
export type {
  SlackBlock,
  SlackButton,
  SlackMessageContent,
  SlackMrkdwn,
  SlackPlainText,
} from './slack-blocks.ts';
export type { SlackDecide, SlackDecisionInput } from './slack-decide.ts';
export { SlackPayloadError, type SlackPayloadIssue } from './slack-payload-error.ts';
export { rememberSlackRequest, slackReplayWindowMs } from './slack-replay-guard.ts';
export {
  type SlackSignatureCheck,
  type SlackSignatureFailure,
  type SlackSignatureInput,
  slackTimestampToleranceMs,
  verifySlackSignature,
} from './verify-slack-signature.ts';
