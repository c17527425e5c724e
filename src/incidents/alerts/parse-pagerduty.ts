import { createHash } from 'node:crypto';
import { z } from 'zod';
import { setOwn } from './label-map.ts';
import { alertLimits as limits, type NormalizedAlert } from './normalized-alert.ts';
import { parsePayload } from './parse-payload.ts';
import { AlertPayloadError, describeInput } from './payload-error.ts';
import { timestamp } from './timestamps.ts';

const source = 'pagerduty';
const labelText = z.string().max(limits.labelChars);
const fieldText = z.string().max(limits.fieldChars);
const maxLinks = 100;

const eventSchema = z.object({
  routing_key: z.string().min(1).max(256),
  event_action: z.enum(['trigger', 'acknowledge', 'resolve']),
  /** PagerDuty's own limit. */
  dedup_key: z.string().min(1).max(255).optional(),
  payload: z.unknown().optional(),
  client: fieldText.optional(),
  client_url: fieldText.optional(),
  links: z
    .array(z.object({ href: fieldText, text: fieldText.optional() }))
    .max(maxLinks)
    .optional(),
  images: z
    .array(z.object({ src: fieldText, href: fieldText.optional(), alt: fieldText.optional() }))
    .max(maxLinks)
    .optional(),
});

const triggerPayload = z.object({
  /** PagerDuty's own limit. */
  summary: z.string().min(1).max(1024),
  source: z.string().min(1).max(limits.labelChars),
  severity: z.enum(['critical', 'error', 'warning', 'info']),
  timestamp: timestamp.optional(),
  component: labelText.optional(),
  group: labelText.optional(),
  class: labelText.optional(),
  custom_details: z.unknown().optional(),
});
/** PagerDuty ignores the payload of acknowledge and resolve events; when one is sent, it is read as far as it goes. */
const updatePayload = triggerPayload.partial();

export interface PagerDutyOptions {
  /** The time of an event without `payload.timestamp`. Default: the clock. */
  now?: number | undefined;
}

/**
 * Reads a PagerDuty Events API v2 event (`trigger`, `acknowledge` or `resolve`) as one alert whose
 * identity is its `dedup_key` (for a trigger without one, a key derived from the routing key, summary
 * and source, so that a retried trigger is the same alert). See README.md beside this file for the
 * labels and annotations it gets.
 */
export function parsePagerDutyEvent(body: unknown, options: PagerDutyOptions = {}): NormalizedAlert[] {
  const now = options.now ?? Date.now();
  const event = parsePayload(source, eventSchema, body);
  if (event.event_action !== 'trigger' && event.dedup_key === undefined) {
    throw new AlertPayloadError(source, [
      { path: 'dedup_key', message: `is required to ${event.event_action} an alert` },
    ]);
  }
  if (event.event_action === 'trigger' && event.payload === undefined) {
    throw new AlertPayloadError(source, [{ path: 'payload', message: 'is required to trigger an alert' }]);
  }
  const payload: z.output<typeof updatePayload> =
    event.payload === undefined
      ? {}
      : parsePayload(
          source,
          event.event_action === 'trigger' ? triggerPayload : updatePayload,
          event.payload,
          ['payload'],
        );
  const labels: Record<string, string> = {};
  const label = (name: string, value: string | undefined) => {
    if (value !== undefined && value !== '') setOwn(labels, name, value);
  };
  label('alertname', payload.class ?? payload.summary);
  label('service', payload.component || payload.source);
  label('severity', payload.severity);
  label('source', payload.source);
  label('component', payload.component);
  label('group', payload.group);
  label('class', payload.class);

  const annotations: Record<string, string> = {};
  const annotate = (name: string, value: string | undefined) => {
    if (value !== undefined && value !== '') annotations[name] = value;
  };
  annotate('summary', payload.summary);
  if (payload.custom_details !== undefined) {
    annotate('custom_details', serialise(payload.custom_details, 'payload.custom_details'));
  }
  if (event.links !== undefined && event.links.length > 0) annotate('links', serialise(event.links, 'links'));
  if (event.images !== undefined && event.images.length > 0)
    annotate('images', serialise(event.images, 'images'));
  annotate('client', event.client);
  annotate('client_url', event.client_url);
  if (event.event_action === 'acknowledge') annotations.acknowledged = 'true';

  const alert: NormalizedAlert = {
    source,
    fingerprint: event.dedup_key ?? derivedDedupKey(event.routing_key, payload.summary, payload.source),
    status: event.event_action === 'resolve' ? 'resolved' : 'firing',
    labels,
    annotations,
    startsAt: payload.timestamp ?? now,
  };
  if (event.event_action === 'resolve') alert.endsAt = now;
  const url = event.client_url || event.links?.[0]?.href;
  if (url !== undefined && url !== '') alert.generatorURL = url;
  return [alert];
}

/** A stable `dedup_key` for a trigger without one: PagerDuty would make a random one; a retry must be the same alert. */
function derivedDedupKey(
  routingKey: string,
  summary: string | undefined,
  eventSource: string | undefined,
): string {
  const digest = createHash('sha256')
    .update(JSON.stringify([routingKey, summary ?? '', eventSource ?? '']))
    .digest('hex');
  return `steward-${digest.slice(0, 32)}`;
}

/** JSON of a value for an annotation, refused beyond the annotation limit (or too deep to write). */
function serialise(value: unknown, path: string): string {
  let text: string | undefined;
  try {
    text = JSON.stringify(value);
  } catch {
    throw new AlertPayloadError(source, [{ path, message: 'cannot be written as JSON (too deeply nested)' }]);
  }
  if (text === undefined) return '';
  if (text.length > limits.annotationChars) {
    throw new AlertPayloadError(source, [
      {
        path,
        message: `is ${text.length} characters as JSON; at most ${limits.annotationChars} are accepted (${describeInput(value)})`,
      },
    ]);
  }
  return text;
}
