import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import type { Kysely } from 'kysely';
import { type ApprovalDeps, approvalDepsFor } from '../approvals/index.ts';
import type { StewardConfig } from '../config/index.ts';
import { acceptWebhookDelivery } from '../github/index.ts';
import { jobCounts } from '../jobs/index.ts';
import type { Logger } from '../logging/index.ts';
import type { Database, StoreDialect } from '../store/index.ts';
import { packageVersion } from '../version/index.ts';
import { type AlertSecrets, alertRoutes } from './alert-routes.ts';
import { errorAnswer } from './api-errors.ts';
import { apiRoutes, type QueuePoster } from './api-routes.ts';
import { slackDecide } from './slack-decide.ts';
import { slackRoutes } from './slack-routes.ts';

export interface AppOptions {
  db: Kysely<Database>;
  dialect: StoreDialect;
  config: StewardConfig;
  /** `GITHUB_WEBHOOK_SECRET`; webhooks are refused (503) without it. */
  webhookSecret: string | undefined;
  /** `STEWARD_API_TOKEN`; the API is refused (503) without it. */
  apiToken: string | undefined;
  /** Posts an accepted queue item to its pull request. */
  postQueueItem: QueuePoster;
  logger: Logger;
  now: () => number;
  /** Called after a webhook queued a job, so the worker of this process starts on it at once. */
  onQueued?: () => void;
  /** Secrets of the alert sources (`STEWARD_ALERTMANAGER_TOKEN`, …). */
  alertSecrets?: AlertSecrets;
  /** `STEWARD_APPROVER_TOKENS`: `name=token,…`; each person may decide approval requests through the API. */
  approverTokens?: string | undefined;
  /** The approval gate; by default from `config.approvals`, without Slack messages. */
  approvals?: ApprovalDeps;
  /** `SLACK_SIGNING_SECRET`: Slack's button clicks are refused (503) without it. */
  slackSigningSecret?: string | undefined;
}

/** GitHub's largest webhook payload is 25 MB. */
const maxWebhookBytes = 25 * 1024 * 1024;

/** The HTTP app of `steward serve`: `/healthz`, the webhooks, Slack interactions and the JSON API under `/api`. */
export function createApp(options: AppOptions): Hono {
  const app = new Hono();
  const { db, logger } = options;

  app.get('/healthz', async (context) => {
    try {
      const jobs = await jobCounts(db);
      return context.json({ status: 'ok', version: packageVersion(), database: options.dialect, jobs });
    } catch (error) {
      logger.error({ err: error }, 'health check failed');
      return context.json({ status: 'unavailable', error: 'the database does not answer' }, 503);
    }
  });

  app.post(
    '/webhooks/github',
    bodyLimit({
      maxSize: maxWebhookBytes,
      onError: (context) =>
        context.json({ status: 'refused', error: 'the payload is larger than 25 MB' }, 413),
    }),
    async (context) => {
      if (options.webhookSecret === undefined || options.webhookSecret === '') {
        return context.json(
          {
            status: 'refused',
            error: 'GITHUB_WEBHOOK_SECRET is not set on the server: no delivery can be verified',
          },
          503,
        );
      }
      const answer = await acceptWebhookDelivery(
        db,
        {
          event: context.req.header('x-github-event'),
          deliveryId: context.req.header('x-github-delivery'),
          signature: context.req.header('x-hub-signature-256'),
          rawBody: await context.req.text(),
        },
        { secret: options.webhookSecret, config: options.config.github, now: options.now() },
      );
      if (answer.queued) options.onQueued?.();
      if (answer.status >= 400)
        logger.warn({ status: answer.status, error: answer.body.error }, 'webhook refused');
      return context.json(answer.body, answer.status);
    },
  );

  app.route(
    '/webhooks',
    alertRoutes({
      db,
      dialect: options.dialect,
      config: options.config.incidents,
      secrets: options.alertSecrets ?? {},
      now: options.now,
      logger,
      ...(options.onQueued === undefined ? {} : { onQueued: options.onQueued }),
    }),
  );
  const approvals =
    options.approvals ??
    approvalDepsFor({ db, dialect: options.dialect, config: options.config.approvals, now: options.now });
  app.route('/api', apiRoutes({ ...options, approvals }));
  app.route(
    '/slack',
    slackRoutes({
      db,
      config: options.config,
      signingSecret: options.slackSigningSecret,
      decide: slackDecide(approvals, options.onQueued),
      now: options.now,
      logger,
    }),
  );
  app.notFound((context) =>
    context.json({ error: `no route ${context.req.method} ${context.req.path}` }, 404),
  );
  app.onError((error, context) => errorAnswer(error, context, logger));
  return app;
}
