import type { z } from 'zod';
import type { GitHubConfig } from '../../config/index.ts';
import {
  type CollectFeedbackPayload,
  collectFeedbackJob,
  type ReviewPullRequestPayload,
  reviewPullRequestJob,
} from '../jobs/job-payloads.ts';
import {
  installationEvent,
  issueCommentEvent,
  pullRequestEvent,
  reviewCommentEvent,
  reviewThreadEvent,
} from './payloads.ts';

/** What one webhook delivery asks of Steward. */
export type WebhookDecision =
  | {
      kind: 'job';
      job:
        | { kind: typeof reviewPullRequestJob; payload: ReviewPullRequestPayload; dedupeKey?: string }
        | { kind: typeof collectFeedbackJob; payload: CollectFeedbackPayload };
    }
  | { kind: 'pause' | 'resume'; repo: string; pr: number; installationId?: number; actor: string }
  | {
      kind: 'feedback';
      feedback: 'reply' | 'resolved' | 'unresolved';
      commentId: number;
      actor: string;
      detail?: string;
    }
  | { kind: 'installation'; id: number; account: string; status: 'active' | 'suspended' | 'deleted' }
  | { kind: 'ignored'; reason: string };

/** A payload that does not have the shape its event promises. */
export class WebhookPayloadError extends Error {
  readonly issues: { path: string; message: string }[];
  constructor(event: string, issues: { path: string; message: string }[]) {
    super(
      `${event} payload is not valid: ${issues.map((issue) => `${issue.path || '(root)'}: ${issue.message}`).join('; ')}`,
    );
    this.issues = issues;
  }
}

const reviewActions = new Set(['opened', 'synchronize', 'reopened', 'ready_for_review']);
/** Who may command Steward in a comment: people with write access, never outsiders on a public repository. */
const trustedAssociations = new Set(['OWNER', 'MEMBER', 'COLLABORATOR']);
const commands = ['review', 'full-review', 'pause', 'resume'] as const;

/** Decides what a delivery means. Pure: the caller stores the decision. */
export function routeWebhookEvent(event: string, payload: unknown, config: GitHubConfig): WebhookDecision {
  switch (event) {
    case 'ping':
      return { kind: 'ignored', reason: 'ping' };
    case 'pull_request':
      return pullRequest(parse(event, pullRequestEvent, payload), config);
    case 'issue_comment':
      return issueComment(parse(event, issueCommentEvent, payload));
    case 'pull_request_review_comment': {
      const delivery = parse(event, reviewCommentEvent, payload);
      const comment = delivery.comment;
      if (delivery.action !== 'created' || comment.in_reply_to_id === undefined)
        return { kind: 'ignored', reason: 'not a reply to a review comment' };
      if (comment.user.type === 'Bot') return { kind: 'ignored', reason: 'a reply by a bot' };
      return {
        kind: 'feedback',
        feedback: 'reply',
        commentId: comment.in_reply_to_id,
        actor: comment.user.login,
        detail: (comment.body ?? '').slice(0, 500),
      };
    }
    case 'pull_request_review_thread': {
      const delivery = parse(event, reviewThreadEvent, payload);
      const first = delivery.thread.comments[0];
      if (first === undefined || (delivery.action !== 'resolved' && delivery.action !== 'unresolved'))
        return { kind: 'ignored', reason: `thread ${delivery.action}` };
      return {
        kind: 'feedback',
        feedback: delivery.action,
        commentId: first.id,
        actor: delivery.sender.login,
      };
    }
    case 'installation': {
      const delivery = parse(event, installationEvent, payload);
      const status =
        delivery.action === 'deleted'
          ? 'deleted'
          : delivery.action === 'suspend'
            ? 'suspended'
            : ('active' as const);
      return {
        kind: 'installation',
        id: delivery.installation.id,
        account: delivery.installation.account?.login ?? '',
        status,
      };
    }
    case 'installation_repositories': {
      const delivery = parse(event, installationEvent, payload);
      return {
        kind: 'installation',
        id: delivery.installation.id,
        account: delivery.installation.account?.login ?? '',
        status: 'active',
      };
    }
    default:
      return { kind: 'ignored', reason: `event ${event} is not handled` };
  }
}

function pullRequest(delivery: z.output<typeof pullRequestEvent>, config: GitHubConfig): WebhookDecision {
  const repo = delivery.repository.full_name;
  const pr = delivery.pull_request.number;
  const installationId = delivery.installation?.id;
  if (delivery.action === 'closed') {
    return {
      kind: 'job',
      job: {
        kind: collectFeedbackJob,
        payload: { repo, pr, ...(installationId === undefined ? {} : { installationId }) },
      },
    };
  }
  if (!reviewActions.has(delivery.action))
    return { kind: 'ignored', reason: `pull_request ${delivery.action}` };
  if (delivery.pull_request.draft === true && !config.review_drafts)
    return { kind: 'ignored', reason: 'draft pull request (set github.review_drafts to review drafts)' };
  const head = delivery.pull_request.head.sha;
  return {
    kind: 'job',
    job: {
      kind: reviewPullRequestJob,
      payload: { repo, pr, head, full: false, ...(installationId === undefined ? {} : { installationId }) },
      dedupeKey: `review:${repo}#${pr}@${head}`,
    },
  };
}

function issueComment(delivery: z.output<typeof issueCommentEvent>): WebhookDecision {
  if (delivery.action !== 'created') return { kind: 'ignored', reason: `comment ${delivery.action}` };
  const command = /^\s*\/steward\s+([a-z-]+)\b/im.exec(delivery.comment.body ?? '')?.[1];
  if (command === undefined) return { kind: 'ignored', reason: 'no /steward command' };
  if (delivery.issue.pull_request === undefined)
    return { kind: 'ignored', reason: '/steward commands work on pull requests only' };
  if (delivery.sender.type === 'Bot') return { kind: 'ignored', reason: 'a command from a bot' };
  if (!trustedAssociations.has(delivery.comment.author_association ?? ''))
    return {
      kind: 'ignored',
      reason: `/steward ${command} from ${delivery.sender.login}, who is not an owner, member or collaborator`,
    };
  if (!(commands as readonly string[]).includes(command))
    return { kind: 'ignored', reason: `unknown command /steward ${command} (known: ${commands.join(', ')})` };
  const repo = delivery.repository.full_name;
  const pr = delivery.issue.number;
  const installationId = delivery.installation?.id;
  const installation = installationId === undefined ? {} : { installationId };
  if (command === 'pause' || command === 'resume')
    return { kind: command, repo, pr, actor: delivery.sender.login, ...installation };
  return {
    kind: 'job',
    job: {
      kind: reviewPullRequestJob,
      payload: { repo, pr, head: '', full: command === 'full-review', ...installation },
    },
  };
}

function parse<Schema extends z.ZodType>(event: string, schema: Schema, payload: unknown): z.output<Schema> {
  const parsed = schema.safeParse(payload);
  if (parsed.success) return parsed.data;
  throw new WebhookPayloadError(
    event,
    parsed.error.issues.slice(0, 5).map((issue) => ({ path: issue.path.join('.'), message: issue.message })),
  );
}
