import { slackEscape } from '../../slack/index.ts';
import type { ApprovalStatus } from '../../store/index.ts';
import type { ApprovalRequest } from '../requests/approval-request.ts';
import { slackApproveActionId, slackRejectActionId } from './parse-slack-action.ts';
import { type SlackBlock, type SlackMessageContent, type SlackMrkdwn, truncate } from './slack-blocks.ts';

/** The decisions taken so far on a request, and how many approvals it needs. */
export interface ApprovalMessageState {
  approvals: readonly { person: string; decision: string }[];
  needed: number;
}

/** `block_id` of the Approve / Reject buttons. */
export const slackDecisionBlockId = 'steward_decision';

const statusLine: Record<Exclude<ApprovalStatus, 'pending'>, string> = {
  approved: ':white_check_mark: *Approved*',
  executing: ':gear: *Executing*',
  executed: ':white_check_mark: *Executed*',
  failed: ':x: *Failed*',
  rejected: ':no_entry_sign: *Rejected*',
  expired: ':hourglass: *Expired*',
  denied: ':no_entry: *Denied*',
};

const maxListed = 15;

/**
 * The Slack message of an approval request: what would run (kind, environment, targets, arguments),
 * why, who proposed it, the action hash an approval binds to, when it expires and the approvals so far.
 * While the request is pending it carries Approve and Reject buttons (value: the request id); once
 * decided or finished, the buttons give way to the final status. Everything proposed is escaped.
 */
export function approvalMessageBlocks(
  request: ApprovalRequest,
  state: ApprovalMessageState,
): SlackMessageContent {
  const pending = request.status === 'pending';
  const approvers = people(state.approvals, 'approve');
  const rejecters = people(state.approvals, 'reject');
  const title = `${request.kind} in ${request.environment}`;
  const targets = describeTargets(request);

  const blocks: SlackBlock[] = [
    {
      type: 'header',
      text: {
        type: 'plain_text',
        text: truncate(pending ? `Approval needed: ${title}` : `${title}: ${request.status}`, 150),
        emoji: true,
      },
    },
    {
      type: 'section',
      fields: [
        mrkdwn(`*Targets*\n${slackEscape(truncate(targets, 1_500))}`),
        mrkdwn(
          `*Proposed by*\nagent ${slackEscape(request.agent)}, run ${slackEscape(truncate(request.runId, 200))}`,
        ),
        mrkdwn(`*Action hash*\n\`${slackEscape(request.actionHash.slice(0, 12))}\``),
        mrkdwn(`*Expires*\n${slackDate(request.expiresAtMs)}`),
        mrkdwn(
          `*Approvals*\n${approvers.length} of ${state.needed}${approvers.length === 0 ? '' : ` (${slackEscape(listed(approvers))})`}`,
        ),
      ],
    },
    { type: 'section', text: mrkdwn(`*Reason*\n${slackEscape(truncate(request.reason, 2_500))}`) },
  ];
  const args = Object.keys(request.arguments).length === 0 ? undefined : JSON.stringify(request.arguments);
  if (args !== undefined)
    blocks.push({
      type: 'section',
      text: mrkdwn(`*Arguments*\n\`\`\`${slackEscape(truncate(args, 2_000)).replaceAll('```', "'''")}\`\`\``),
    });
  const context = [`Request ${request.id}`, `policy ${request.policy.rule}`].map(slackEscape);
  if (request.policy.wide)
    context.push(
      ':warning: *wide action*',
      ...request.policy.notes.slice(0, 5).map((note) => slackEscape(truncate(note, 300))),
    );
  blocks.push({ type: 'context', elements: [mrkdwn(context.join(' · '))] });

  if (pending) {
    blocks.push({
      type: 'actions',
      block_id: slackDecisionBlockId,
      elements: [
        {
          type: 'button',
          action_id: slackApproveActionId,
          text: { type: 'plain_text', text: 'Approve' },
          style: 'primary',
          value: request.id,
          confirm: {
            title: { type: 'plain_text', text: 'Approve this action?' },
            text: { type: 'plain_text', text: truncate(`${title} on ${targets}`, 300) },
            confirm: { type: 'plain_text', text: 'Approve' },
            deny: { type: 'plain_text', text: 'Cancel' },
          },
        },
        {
          type: 'button',
          action_id: slackRejectActionId,
          text: { type: 'plain_text', text: 'Reject' },
          style: 'danger',
          value: request.id,
        },
      ],
    });
  } else {
    blocks.push({ type: 'section', text: mrkdwn(finalStatus(request, approvers, rejecters)) });
  }

  const summary = `${title} on ${truncate(targets, 200)}`;
  const text = pending
    ? `Approval needed: ${summary} (${approvers.length} of ${state.needed} approvals): ${truncate(request.reason, 300)}`
    : `${summary}: ${request.status}`;
  return { text: slackEscape(text), blocks };
}

function finalStatus(request: ApprovalRequest, approvers: string[], rejecters: string[]): string {
  const status = request.status as Exclude<ApprovalStatus, 'pending'>;
  let line = statusLine[status] ?? `*${slackEscape(request.status)}*`;
  if (status === 'rejected' && rejecters.length > 0) line += ` by ${slackEscape(listed(rejecters))}`;
  else if (approvers.length > 0 && ['approved', 'executing', 'executed', 'failed'].includes(status))
    line += ` (approved by ${slackEscape(listed(approvers))})`;
  const at = request.finishedAtMs ?? (status === 'approved' ? request.approvedAtMs : null);
  if (at !== null) line += ` at ${slackDate(at)}`;
  if (status === 'approved' && request.approvedAtMs !== null && request.policy.waitMinutes > 0)
    line += `; runs after ${slackDate(request.approvedAtMs + request.policy.waitMinutes * 60_000)}`;
  if (request.outcomeReason !== null && request.outcomeReason !== '')
    line += `: ${slackEscape(truncate(request.outcomeReason, 1_000))}`;
  return line;
}

/** Distinct people who took `decision`, in order. */
function people(approvals: ApprovalMessageState['approvals'], decision: string): string[] {
  return [...new Set(approvals.filter((entry) => entry.decision === decision).map((entry) => entry.person))];
}

function listed(names: readonly string[]): string {
  const shown = names.slice(0, maxListed).join(', ');
  return names.length > maxListed ? `${shown} and ${names.length - maxListed} more` : shown;
}

function describeTargets(request: ApprovalRequest): string {
  const parts: string[] = [];
  if (request.targets.services.length > 0) parts.push(`services ${listed(request.targets.services)}`);
  if (request.targets.hosts.length > 0) parts.push(`hosts ${listed(request.targets.hosts)}`);
  return parts.join('; ');
}

function mrkdwn(text: string): SlackMrkdwn {
  return { type: 'mrkdwn', text };
}

/** A time Slack shows in each reader's own time zone, with UTC as the fallback. */
function slackDate(ms: number): string {
  const fallback = `${new Date(ms).toISOString().slice(0, 16).replace('T', ' ')} UTC`;
  return `<!date^${Math.floor(ms / 1000)}^{date_short_pretty} {time}|${fallback}>`;
}
