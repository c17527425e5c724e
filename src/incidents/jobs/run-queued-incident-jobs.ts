import { dirname } from 'node:path';
import { type ApprovalDeps, approvalDepsFor } from '../../approvals/index.ts';
import { createNotifier } from '../../budget/index.ts';
import type { LoadedConfig } from '../../config/index.ts';
import { createJobWorker } from '../../jobs/index.ts';
import { createPriceBook } from '../../llm/prices/index.ts';
import { createLogger } from '../../logging/index.ts';
import type { Store } from '../../store/index.ts';
import { createSlackNotifier } from '../notify/slack-notifier.ts';
import type { IncidentJobContext } from './incident-job-context.ts';
import { incidentJobHandlers } from './incident-job-handlers.ts';

/** The context of incident jobs in this process, from the loaded configuration. */
export function incidentJobContext(options: {
  store: Store;
  loaded: LoadedConfig;
  env: NodeJS.ProcessEnv;
  cwd: string;
  logger: IncidentJobContext['logger'];
  /** The approval gate proposals go to; by default one from the configuration, without Slack messages. */
  approvals?: ApprovalDeps | undefined;
}): IncidentJobContext {
  const { config, environment } = options.loaded;
  return {
    db: options.store.db,
    config,
    env: options.env,
    priceBook: createPriceBook(config.prices),
    root: options.loaded.path === undefined ? options.cwd : dirname(options.loaded.path),
    slack: createSlackNotifier({
      db: options.store.db,
      channel: config.incidents.slack.channel,
      botToken: environment.SLACK_BOT_TOKEN,
      apiUrl: environment.SLACK_API_URL,
      webhookUrls: config.incidents.slack.webhook_urls,
      logger: options.logger,
    }),
    notify: createNotifier({
      logger: options.logger,
      webhooks: config.budgets.alerts.webhooks,
      slackWebhooks: config.budgets.alerts.slack_webhooks,
    }),
    logger: options.logger,
    now: Date.now,
    approvals:
      options.approvals ??
      approvalDepsFor({ db: options.store.db, dialect: options.store.dialect, config: config.approvals }),
  };
}

/** Runs the incident jobs waiting in the store (triage after `steward incidents ingest`), then returns. */
export async function runQueuedIncidentJobs(options: {
  store: Store;
  loaded: LoadedConfig;
  env: NodeJS.ProcessEnv;
  cwd: string;
  warn: (line: string) => void;
}): Promise<void> {
  const logger = createLogger({ format: 'human', write: options.warn });
  const handlers = incidentJobHandlers(incidentJobContext({ ...options, logger }));
  const worker = createJobWorker({
    db: options.store.db,
    dialect: options.store.dialect,
    handlers,
    kinds: Object.keys(handlers),
    concurrency: 2,
    logger,
  });
  worker.start();
  await worker.idle();
  await worker.stop();
}
