import { UsageError } from '../../errors/index.ts';
import type { AlertSource, NormalizedAlert } from './normalized-alert.ts';
import { parseAlertmanagerWebhook } from './parse-alertmanager.ts';
import { parseGenericAlerts } from './parse-generic.ts';
import { parsePagerDutyEvent } from './parse-pagerduty.ts';
import { AlertPayloadError } from './payload-error.ts';

/** Which source a body comes from, by its shape: Alertmanager's `version`, PagerDuty's `event_action`. */
export function recogniseAlertSource(body: unknown): AlertSource {
  if (typeof body === 'object' && body !== null && !Array.isArray(body)) {
    if ('version' in body && 'groupKey' in body) return 'alertmanager';
    if ('event_action' in body) return 'pagerduty';
  }
  return 'generic';
}

/** Reads alerts from a file's text, as the webhook of its source would; errors name the file. */
export function parseAlertFile(text: string, file: string, source?: AlertSource): NormalizedAlert[] {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch (error) {
    throw new UsageError(`${file} is not JSON: ${(error as Error).message}`);
  }
  const chosen = source ?? recogniseAlertSource(body);
  try {
    if (chosen === 'alertmanager') return parseAlertmanagerWebhook(body).alerts;
    if (chosen === 'pagerduty') return parsePagerDutyEvent(body);
    return parseGenericAlerts(body);
  } catch (error) {
    if (error instanceof AlertPayloadError)
      throw new UsageError(`${file}: ${error.message}`, { hint: error.hint ?? '' });
    throw error;
  }
}
