import type { Kysely } from 'kysely';
import type { Logger } from '../../logging/index.ts';
import { callSlackApi } from '../../slack/index.ts';
import type { Database } from '../../store/index.ts';
import { type IncidentMessageInput, incidentMessageText } from './slack-incident-message.ts';

/** Marks a message being posted by another worker. */
const posting = 'posting';

export interface SlackNotifierOptions {
  db: Kysely<Database>;
  /** With a channel and `SLACK_BOT_TOKEN`: one message per incident, updated in place (`chat.update`). */
  channel?: string | undefined;
  botToken?: string | undefined;
  /** `SLACK_API_URL`, default https://slack.com/api. */
  apiUrl?: string | undefined;
  /** Incoming webhooks: one message per new incident (they cannot edit what they posted). */
  webhookUrls: readonly string[];
  logger: Logger;
  fetch?: typeof fetch;
}

/**
 * Tells Slack about incidents: once when an incident opens, then — with the Web API — by editing that
 * same message as alerts join and when it resolves, never one message per alert. Failures are logged,
 * never thrown: a notification must not lose an incident.
 */
export function createSlackNotifier(options: SlackNotifierOptions) {
  const send = options.fetch ?? fetch;
  const webApi = (method: string, body: object) =>
    callSlackApi(
      { apiUrl: options.apiUrl, botToken: options.botToken ?? '', fetch: options.fetch },
      method,
      body,
    );

  return {
    /** Posts or updates the incident's message. `isNew` is true the first time the incident is seen. */
    async notify(incident: IncidentMessageInput, isNew: boolean): Promise<void> {
      const text = incidentMessageText(incident);
      if (isNew) {
        await Promise.all(
          options.webhookUrls.map(async (url) => {
            try {
              const response = await send(url, {
                method: 'POST',
                headers: { 'content-type': 'application/json' },
                body: JSON.stringify({ text }),
                signal: AbortSignal.timeout(10_000),
              });
              if (!response.ok)
                options.logger.warn(
                  { status: response.status, incident: incident.id },
                  'Slack webhook refused the incident message',
                );
            } catch (error) {
              options.logger.warn({ err: error, incident: incident.id }, 'Slack webhook failed');
            }
          }),
        );
      }
      if (options.channel === undefined || options.botToken === undefined || options.botToken === '') return;
      try {
        const row = await options.db
          .selectFrom('incidents')
          .select('slack_ts')
          .where('id', '=', incident.id)
          .executeTakeFirst();
        if (row?.slack_ts != null && row.slack_ts !== posting) {
          const answer = await webApi('chat.update', { channel: options.channel, ts: row.slack_ts, text });
          if (answer.ok) return;
          if (answer.error !== 'message_not_found') {
            options.logger.warn({ error: answer.error, incident: incident.id }, 'Slack chat.update failed');
            return;
          }
        }
        if (row?.slack_ts === posting) return;
        // Claim the first post, so that two workers told about one new incident post one message.
        const claimed = await options.db
          .updateTable('incidents')
          .set({ slack_ts: posting })
          .where('id', '=', incident.id)
          .where((eb) =>
            row?.slack_ts == null ? eb('slack_ts', 'is', null) : eb('slack_ts', '=', row.slack_ts),
          )
          .executeTakeFirst();
        if (claimed.numUpdatedRows === 0n) return;
        const posted = await webApi('chat.postMessage', { channel: options.channel, text });
        const ts = posted.ok && posted.ts !== undefined ? posted.ts : null;
        if (ts === null)
          options.logger.warn(
            { error: posted.error, incident: incident.id },
            'Slack chat.postMessage failed',
          );
        await options.db
          .updateTable('incidents')
          .set({ slack_ts: ts })
          .where('id', '=', incident.id)
          .execute();
      } catch (error) {
        options.logger.warn({ err: error, incident: incident.id }, 'Slack Web API failed');
      }
    },
  };
}

export type SlackNotifier = ReturnType<typeof createSlackNotifier>;
