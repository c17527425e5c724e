import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { dirname } from 'node:path';
import { serve } from '@hono/node-server';
import {
  approvalDepsFor,
  approvalJobHandlers,
  createExecutor,
  createHealthCheck,
  expireRequests,
  syncApprovalMessage,
} from '../approvals/index.ts';
import { createNotifier } from '../budget/index.ts';
import { loadConfig } from '../config/index.ts';
import {
  createGitHubClients,
  type GitHubJobContext,
  gitHubJobHandlers,
  postQueueItem,
} from '../github/index.ts';
import { incidentJobContext, incidentJobHandlers } from '../incidents/index.ts';
import { createJobWorker } from '../jobs/index.ts';
import { createPriceBook } from '../llm/prices/index.ts';
import { createLogger, type Logger } from '../logging/index.ts';
import { openStore, resolveDataDir } from '../store/index.ts';
import { createApp } from './create-app.ts';

export interface StartServerOptions {
  cwd: string;
  env: NodeJS.ProcessEnv;
  configPath?: string;
  /** Override `server.host`, `server.port`, `server.workers`. */
  host?: string;
  port?: number;
  workers?: number;
  logger?: Logger;
}

export interface RunningServer {
  /** `http://host:port` */
  url: string;
  /** Stops taking requests, lets running jobs finish, closes the store. */
  close(): Promise<void>;
}

/**
 * `steward serve`: the HTTP app and a job worker in one process. Webhooks are answered as soon as
 * their job is stored; the worker runs jobs from the database, so several processes can share one
 * PostgreSQL and any of them can die without losing work.
 */
export async function startServer(options: StartServerOptions): Promise<RunningServer> {
  const loaded = loadConfig({
    cwd: options.cwd,
    env: options.env,
    ...(options.configPath === undefined ? {} : { configPath: options.configPath }),
  });
  const { config, environment } = loaded;
  const logger = options.logger ?? createLogger({ format: 'json' });
  for (const warning of loaded.warnings)
    logger.warn({ source: warning.source, line: warning.line, path: warning.path }, warning.message);
  const store = await openStore({
    databaseUrl: environment.DATABASE_URL,
    dataDir: resolveDataDir(options.env),
  });
  const now = Date.now;
  const context: GitHubJobContext = {
    db: store.db,
    config,
    env: options.env,
    priceBook: createPriceBook(config.prices),
    clients: createGitHubClients({ env: options.env }),
    root: loaded.path === undefined ? options.cwd : dirname(loaded.path),
    notify: createNotifier({
      logger,
      webhooks: config.budgets.alerts.webhooks,
      slackWebhooks: config.budgets.alerts.slack_webhooks,
    }),
    logger,
    now,
  };
  const approvalSlack = {
    db: store.db,
    channel: config.approvals.slack.channel,
    botToken: environment.SLACK_BOT_TOKEN,
    apiUrl: environment.SLACK_API_URL,
    logger,
  };
  const approvals = approvalDepsFor({
    db: store.db,
    dialect: store.dialect,
    config: config.approvals,
    now,
    // Not awaited: a slow Slack must not hold up a decision's answer (it never throws).
    onChange: (request) => {
      void syncApprovalMessage(approvalSlack, request);
    },
  });
  const incidents = incidentJobContext({
    store,
    loaded,
    env: options.env,
    cwd: options.cwd,
    logger,
    approvals,
  });
  const worker = createJobWorker({
    db: store.db,
    handlers: {
      ...gitHubJobHandlers(context),
      ...incidentJobHandlers(incidents),
      ...approvalJobHandlers({
        ...approvals,
        executor: createExecutor(config.approvals.executor, environment),
        healthCheck: createHealthCheck(config.approvals.health_check),
        logger,
        leaseMs: config.server.job_lease_seconds * 1000,
      }),
    },
    concurrency: options.workers ?? config.server.workers,
    leaseMs: config.server.job_lease_seconds * 1000,
    logger,
  });
  const app = createApp({
    db: store.db,
    dialect: store.dialect,
    config,
    webhookSecret: environment.GITHUB_WEBHOOK_SECRET,
    apiToken: environment.STEWARD_API_TOKEN,
    postQueueItem: (item) => postQueueItem(context, item),
    logger,
    now,
    onQueued: () => worker.wake(),
    approvals,
    approverTokens: environment.STEWARD_APPROVER_TOKENS,
    slackSigningSecret: environment.SLACK_SIGNING_SECRET,
    alertSecrets: {
      alertmanager: environment.STEWARD_ALERTMANAGER_TOKEN,
      pagerduty: environment.STEWARD_PAGERDUTY_TOKEN,
      generic: environment.STEWARD_ALERTS_TOKEN,
    },
  });
  const server = serve({
    fetch: app.fetch,
    hostname: options.host ?? config.server.host,
    port: options.port ?? config.server.port,
  });
  try {
    await once(server, 'listening');
  } catch (error) {
    await store.close();
    throw error;
  }
  worker.start();
  // Expiry is a denial: pending requests past their time are closed, and their agents told.
  const expiry = setInterval(() => {
    expireRequests(approvals).catch((error: unknown) =>
      logger.error({ err: error }, 'expiring approval requests failed'),
    );
  }, 30_000);
  expiry.unref();
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  const url = `http://${host}:${address.port}`;
  logger.info(
    { url, database: store.location, workers: options.workers ?? config.server.workers },
    'steward serve listening',
  );
  let closing: Promise<void> | undefined;
  return {
    url,
    close() {
      closing ??= (async () => {
        clearInterval(expiry);
        await new Promise<void>((resolve) => server.close(() => resolve()));
        await worker.stop();
        await store.close();
      })();
      return closing;
    },
  };
}
