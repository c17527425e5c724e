import type { Logger } from '../logging/index.ts';
import { type BudgetEvent, describeBudgetEvent } from './budget-event.ts';

export interface NotifierOptions {
  logger: Logger;
  webhooks: readonly string[];
  slackWebhooks: readonly string[];
  fetch?: typeof fetch;
  timeoutMs?: number;
}

/** Delivers budget events: a log line, a JSON POST to each webhook, a message to each Slack webhook. */
export type Notifier = (event: BudgetEvent) => Promise<void>;

export function createNotifier(options: NotifierOptions): Notifier {
  const send = options.fetch ?? fetch;
  const timeoutMs = options.timeoutMs ?? 10_000;
  const post = async (url: string, body: unknown) => {
    try {
      const response = await send(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(timeoutMs),
      });
      if (!response.ok)
        options.logger.warn({ url: redact(url), status: response.status }, 'budget alert delivery failed');
    } catch (error) {
      options.logger.warn({ url: redact(url), error: String(error) }, 'budget alert delivery failed');
    }
  };
  return async (event) => {
    const text = describeBudgetEvent(event);
    options.logger.warn({ event: event.type }, text);
    await Promise.all([
      ...options.webhooks.map((url) => post(url, { ...event, text })),
      ...options.slackWebhooks.map((url) => post(url, { text })),
    ]);
  };
}

/** Webhook URLs often carry a token in their path: log only the host. */
function redact(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return '(invalid url)';
  }
}
