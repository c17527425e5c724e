import type { Kysely } from 'kysely';
import type { Logger } from '../../logging/index.ts';
import { callSlackApi } from '../../slack/index.ts';
import type { Database } from '../../store/index.ts';
import { type ApprovalRequest, toApprovalRequest } from '../requests/approval-request.ts';
import { type ApprovalMessageState, approvalMessageBlocks } from './approval-message.ts';
import { readApprovalMessageState } from './approval-message-state.ts';

/**
 * The value `approval_requests.slack_ts` holds while one process posts the message, so that two
 * processes told about one request post one message. Not a message ts: readers treat it as unposted.
 */
export const slackPostingMarker = 'posting';

export interface ApprovalSlackOptions {
  db: Kysely<Database>;
  /** `approvals.slack.channel`: nothing is posted without it. A channel id (`C…`) is safest: `chat.update` needs one. */
  channel: string | undefined;
  /** `SLACK_BOT_TOKEN` (scope `chat:write`): nothing is posted without it. */
  botToken: string | undefined;
  /** `SLACK_API_URL`, default https://slack.com/api. */
  apiUrl?: string | undefined;
  logger: Logger;
  fetch?: typeof fetch;
}

/** What happened to the message: posted or updated (its ts), or why not. Never thrown. */
export type ApprovalSlackResult = { ok: true; ts: string } | { ok: false; error: string };

const notConfigured: ApprovalSlackResult = {
  ok: false,
  error: 'not configured: approvals.slack.channel and SLACK_BOT_TOKEN are both needed',
};

/**
 * Posts the request's message with its buttons (`chat.postMessage`) and stores its ts in
 * `approval_requests.slack_ts`. A request that already has a message gets it updated instead, so
 * calling this twice never posts twice. Failures are logged and returned, never thrown: the request
 * stands whether or not Slack heard of it.
 */
export async function postApprovalMessage(
  options: ApprovalSlackOptions,
  request: ApprovalRequest,
  state?: ApprovalMessageState,
): Promise<ApprovalSlackResult> {
  const { channel, botToken } = options;
  if (channel === undefined || channel === '' || botToken === undefined || botToken === '')
    return notConfigured;
  try {
    const claimed = await options.db
      .updateTable('approval_requests')
      .set({ slack_ts: slackPostingMarker })
      .where('id', '=', request.id)
      .where('slack_ts', 'is', null)
      .executeTakeFirst();
    if (claimed.numUpdatedRows === 0n) {
      const ts = await storedTs(options.db, request.id);
      if (ts === undefined) return failed(options, request, 'no such request');
      if (ts === slackPostingMarker) return { ok: false, error: 'another process is posting the message' };
      return updateApprovalMessage(options, request, state);
    }
    const content = approvalMessageBlocks(
      request,
      state ?? (await readApprovalMessageState(options.db, request)),
    );
    const answer = await callSlackApi({ ...options, botToken }, 'chat.postMessage', { channel, ...content });
    const ts = answer.ok && answer.ts !== undefined ? answer.ts : null;
    await options.db
      .updateTable('approval_requests')
      .set({ slack_ts: ts })
      .where('id', '=', request.id)
      .where('slack_ts', '=', slackPostingMarker)
      .execute();
    if (ts === null)
      return failed(options, request, `chat.postMessage: ${answer.error ?? 'no ts in the answer'}`);
    // Decided while the message was being posted (an update then found no message): catch up.
    const status = await options.db
      .selectFrom('approval_requests')
      .select('status')
      .where('id', '=', request.id)
      .executeTakeFirst();
    if (status !== undefined && status.status !== request.status)
      await updateApprovalMessage(options, request);
    return { ok: true, ts };
  } catch (error) {
    // The claim may be left behind; give it back so that a later call can post.
    await options.db
      .updateTable('approval_requests')
      .set({ slack_ts: null })
      .where('id', '=', request.id)
      .where('slack_ts', '=', slackPostingMarker)
      .execute()
      .catch(() => {});
    return failed(options, request, `could not post: ${(error as Error).message}`);
  }
}

/**
 * Updates the request's message in place (`chat.update`): the approvals so far and, once decided or
 * finished, the final status without buttons. The request and its ts are read again from the store, so
 * a view read before the post still finds the message and a late update never shows an older state
 * than the store's. Failures are logged and returned, never thrown.
 */
export async function updateApprovalMessage(
  options: ApprovalSlackOptions,
  request: ApprovalRequest,
  state?: ApprovalMessageState,
): Promise<ApprovalSlackResult> {
  const { channel, botToken } = options;
  if (channel === undefined || channel === '' || botToken === undefined || botToken === '')
    return notConfigured;
  try {
    const row = await options.db
      .selectFrom('approval_requests')
      .selectAll()
      .where('id', '=', request.id)
      .executeTakeFirst();
    if (row === undefined) return failed(options, request, 'no such request');
    const ts = row.slack_ts;
    if (ts === null || ts === slackPostingMarker) return { ok: false, error: 'no message posted yet' };
    // The stored request is at least as new as the view given: two updates racing show the newer state.
    const current = toApprovalRequest(row);
    const content = approvalMessageBlocks(
      current,
      state ?? (await readApprovalMessageState(options.db, current)),
    );
    const answer = await callSlackApi({ ...options, botToken }, 'chat.update', { channel, ts, ...content });
    if (!answer.ok) return failed(options, request, `chat.update: ${answer.error ?? 'failed'}`);
    return { ok: true, ts };
  } catch (error) {
    return failed(options, request, `could not update: ${(error as Error).message}`);
  }
}

/**
 * For the approval functions' `onChange` hook: posts the message of a pending request not posted yet,
 * updates the message of one that has it, and leaves a finished request that never had one alone.
 */
export async function syncApprovalMessage(
  options: ApprovalSlackOptions,
  request: ApprovalRequest,
  state?: ApprovalMessageState,
): Promise<ApprovalSlackResult> {
  if (request.status === 'pending') return postApprovalMessage(options, request, state);
  return updateApprovalMessage(options, request, state);
}

async function storedTs(db: Kysely<Database>, id: string): Promise<string | null | undefined> {
  const row = await db
    .selectFrom('approval_requests')
    .select('slack_ts')
    .where('id', '=', id)
    .executeTakeFirst();
  return row === undefined ? undefined : row.slack_ts;
}

function failed(options: ApprovalSlackOptions, request: ApprovalRequest, error: string): ApprovalSlackResult {
  options.logger.warn({ request: request.id, error }, 'Slack approval message failed');
  return { ok: false, error };
}
