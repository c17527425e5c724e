import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import type { Kysely } from 'kysely';
import {
  parseSlackAction,
  rememberSlackRequest,
  type SlackAction,
  type SlackDecide,
  SlackPayloadError,
  verifySlackSignature,
} from '../approvals/slack/index.ts';
import type { StewardConfig } from '../config/index.ts';
import type { Logger } from '../logging/index.ts';
import type { Database } from '../store/index.ts';

export type { SlackDecide } from '../approvals/slack/index.ts';

/** The largest interaction taken: Slack's payloads are a few kilobytes. */
export const maxSlackBodyBytes = 1024 * 1024;

/** What the person who clicked reads, and only they. */
interface EphemeralAnswer {
  response_type: 'ephemeral';
  text: string;
}

const unknownApprover =
  'You are not a known approver: ask for your Slack user id (U…) to be added under approvals.slack.users.';

/**
 * `POST /interactions` (mounted under `/slack`): the Approve / Reject buttons of approval messages.
 * Each request must carry Slack's signature of its body, made within 5 minutes and never seen before;
 * the clicking Slack user must be mapped to a person under `approvals.slack.users`. Then the decision
 * goes to `decide` (comment "via Slack") and the person reads its answer as an ephemeral message.
 * Refusals are 4xx JSON errors (503 without SLACK_SIGNING_SECRET) and decide nothing.
 */
export function slackRoutes(options: {
  db: Kysely<Database>;
  config: StewardConfig;
  /** `SLACK_SIGNING_SECRET`; every request is refused (503) without it. */
  signingSecret: string | undefined;
  decide: SlackDecide;
  now: () => number;
  logger: Logger;
  /**
   * Slack gives up after 3 seconds: a decision still running after this long is answered "being
   * recorded" while it finishes (its message update shows the outcome). Default 2,500 ms.
   */
  answerWithinMs?: number;
}): Hono {
  const routes = new Hono();
  const { db, logger } = options;
  const answerWithinMs = options.answerWithinMs ?? 2_500;

  routes.post(
    '/interactions',
    bodyLimit({
      maxSize: maxSlackBodyBytes,
      onError: (context) => context.json({ error: 'the body is larger than 1 MB' }, 413),
    }),
    async (context) => {
      const secret = options.signingSecret;
      if (secret === undefined || secret === '')
        return context.json(
          { error: 'SLACK_SIGNING_SECRET is not set on the server: no Slack request can be verified' },
          503,
        );
      const rawBody = new Uint8Array(await context.req.arrayBuffer());
      const nowMs = options.now();
      const signature = context.req.header('x-slack-signature');
      const check = verifySlackSignature({
        rawBody,
        timestamp: context.req.header('x-slack-request-timestamp'),
        signature,
        signingSecret: secret,
        nowMs,
      });
      if (!check.ok) {
        logger.warn({ reason: check.reason }, 'Slack request refused');
        return context.json({ error: check.message }, 401);
      }
      if (!(await rememberSlackRequest(db, signature!, nowMs))) {
        logger.warn({ reason: 'replayed' }, 'Slack request refused');
        return context.json({ error: 'replayed: this Slack request was received before' }, 401);
      }

      let action: SlackAction;
      try {
        action = parseSlackAction(new TextDecoder().decode(rawBody));
      } catch (error) {
        if (!(error instanceof SlackPayloadError)) throw error;
        return context.json({ error: error.message, issues: error.issues }, 400);
      }
      const person = options.config.approvals.slack.users[action.personSlackId];
      if (person === undefined) {
        logger.warn({ slackUser: action.personSlackId, request: action.requestId }, 'unknown Slack approver');
        return context.json(ephemeral(unknownApprover), 200);
      }

      const decided = options
        .decide({
          requestId: action.requestId,
          person,
          decision: action.decision,
          comment: 'via Slack',
          via: 'slack',
        })
        .then(
          (outcome) => {
            logger.info(
              { request: action.requestId, person, decision: action.decision, ok: outcome.ok },
              'Slack decision',
            );
            return ephemeral(outcome.message);
          },
          (error: unknown) => {
            logger.error({ err: error, request: action.requestId, person }, 'Slack decision failed');
            return ephemeral(
              `Steward could not record your decision on ${action.requestId}: internal error (see the server log). Try again, or decide with the CLI.`,
            );
          },
        );
      let timer: NodeJS.Timeout | undefined;
      const late = new Promise<EphemeralAnswer>((resolve) => {
        timer = setTimeout(
          () =>
            resolve(
              ephemeral(
                `Your decision on ${action.requestId} is being recorded; the message will show the outcome.`,
              ),
            ),
          answerWithinMs,
        );
      });
      try {
        return context.json(await Promise.race([decided, late]), 200);
      } finally {
        clearTimeout(timer);
      }
    },
  );
  return routes;
}

function ephemeral(text: string): EphemeralAnswer {
  return { response_type: 'ephemeral', text };
}
