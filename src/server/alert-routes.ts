import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import type { Kysely } from 'kysely';
import type { IncidentsConfig } from '../config/index.ts';
import {
  AlertPayloadError,
  type NormalizedAlert,
  parseAlertmanagerWebhook,
  parseGenericAlerts,
  parsePagerDutyEvent,
  storeAlerts,
} from '../incidents/index.ts';
import type { Logger } from '../logging/index.ts';
import type { Database, StoreDialect } from '../store/index.ts';
import { checkSourceAuth } from './source-auth.ts';

/** The largest alert delivery taken: far above Alertmanager's, small enough to parse safely. */
export const maxAlertBodyBytes = 4 * 1024 * 1024;

export interface AlertSecrets {
  alertmanager?: string | undefined;
  pagerduty?: string | undefined;
  generic?: string | undefined;
}

const sources = [
  {
    path: '/alertmanager',
    source: 'alertmanager',
    variable: 'STEWARD_ALERTMANAGER_TOKEN',
    parse: (body: unknown) => parseAlertmanagerWebhook(body).alerts,
  },
  {
    path: '/pagerduty',
    source: 'pagerduty',
    variable: 'STEWARD_PAGERDUTY_TOKEN',
    parse: (body: unknown) => parsePagerDutyEvent(body),
  },
  {
    path: '/alerts',
    source: 'generic',
    variable: 'STEWARD_ALERTS_TOKEN',
    parse: (body: unknown) => parseGenericAlerts(body),
  },
] as const;

/**
 * `POST /webhooks/alertmanager`, `/webhooks/pagerduty` and `/webhooks/alerts`: authenticated per
 * source, validated whole before anything is stored, then stored in one transaction (alerts and the
 * incidents they join). Answers 200 with what happened; 4xx with a JSON error naming what was wrong.
 */
export function alertRoutes(options: {
  db: Kysely<Database>;
  dialect: StoreDialect;
  config: IncidentsConfig;
  secrets: AlertSecrets;
  now: () => number;
  logger: Logger;
  /** Called after a delivery queued triage jobs, so the worker of this process starts at once. */
  onQueued?: () => void;
}): Hono {
  const routes = new Hono();
  for (const { path, source, variable, parse } of sources) {
    routes.post(
      path,
      bodyLimit({
        maxSize: maxAlertBodyBytes,
        onError: (context) =>
          context.json({ error: `the body is larger than ${maxAlertBodyBytes / 1024 / 1024} MB` }, 413),
      }),
      async (context) => {
        const rawBody = await context.req.text();
        const refused = checkSourceAuth(
          options.config.sources[source].auth,
          options.secrets[source],
          {
            authorization: context.req.header('authorization'),
            signature: context.req.header('x-steward-signature'),
            rawBody,
          },
          variable,
        );
        if (refused !== undefined) return context.json({ error: refused.error }, refused.status);
        let body: unknown;
        try {
          body = JSON.parse(rawBody);
        } catch (error) {
          return context.json({ error: `the body is not JSON: ${(error as Error).message}` }, 400);
        }
        let alerts: NormalizedAlert[];
        try {
          alerts = parse(body);
        } catch (error) {
          if (!(error instanceof AlertPayloadError)) throw error;
          return context.json({ error: error.message, issues: error.issues }, 400);
        }
        const { result, queued } = await storeAlerts(options.db, options.dialect, {
          config: options.config,
          alerts,
          now: options.now(),
        });
        if (queued > 0) options.onQueued?.();
        return context.json(result, 200);
      },
    );
  }
  return routes;
}
