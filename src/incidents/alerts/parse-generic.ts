import { z } from 'zod';
import { alertFingerprint } from './fingerprint.ts';
import { setOwn, stringMap } from './label-map.ts';
import { alertLimits as limits, type NormalizedAlert } from './normalized-alert.ts';
import { parsePayload, refuseLongList } from './parse-payload.ts';
import { timestamp } from './timestamps.ts';

const source = 'generic';
const text = (max: number) => z.string().min(1).max(max);

const genericAlert = z.strictObject({
  id: text(limits.fieldChars).optional(),
  title: text(1024),
  status: z.enum(['firing', 'resolved']).optional(),
  severity: text(100).optional(),
  service: text(limits.labelChars).optional(),
  labels: stringMap({
    what: 'label',
    maxEntries: limits.labelsPerAlert,
    maxNameChars: limits.labelChars,
    maxValueChars: limits.labelChars,
  }).optional(),
  annotations: stringMap({
    what: 'annotation',
    maxEntries: limits.annotationsPerAlert,
    maxNameChars: limits.labelChars,
    maxValueChars: limits.annotationChars,
  }).optional(),
  started_at: timestamp.optional(),
  ended_at: timestamp.optional(),
  url: text(limits.fieldChars).optional(),
});

const genericBody = z.object({ alerts: z.array(genericAlert) });

export interface GenericOptions {
  /** The start of an alert without `started_at`, and what `ended_at` is compared with. Default: the clock. */
  now?: number | undefined;
}

/**
 * Reads Steward's generic alert body, `{ "alerts": [ … ] }` (at most 1,000 alerts; the format is in
 * README.md beside this file). An alert's identity is its `id`, else the fingerprint of its labels
 * (after `title`, `service` and `severity` are added to them).
 */
export function parseGenericAlerts(body: unknown, options: GenericOptions = {}): NormalizedAlert[] {
  const now = options.now ?? Date.now();
  refuseLongList(source, body, 'alerts', limits.genericAlertsPerBody, 'alerts');
  const parsed = parsePayload(source, genericBody, body);
  return parsed.alerts.map((alert): NormalizedAlert => {
    const labels: Record<string, string> = {};
    for (const [name, value] of Object.entries(alert.labels ?? {})) {
      // An empty value is no label, as in Prometheus.
      if (value !== '') setOwn(labels, name, value);
    }
    if (!Object.hasOwn(labels, 'alertname')) labels.alertname = alert.title;
    if (alert.service !== undefined) labels.service = alert.service;
    if (alert.severity !== undefined) labels.severity = alert.severity;
    const annotations = { ...alert.annotations };
    if (!Object.hasOwn(annotations, 'summary')) annotations.summary = alert.title;
    const status =
      alert.status ?? (alert.ended_at !== undefined && alert.ended_at <= now ? 'resolved' : 'firing');
    const normalized: NormalizedAlert = {
      source,
      fingerprint: alert.id ?? alertFingerprint(labels),
      status,
      labels,
      annotations,
      startsAt: alert.started_at ?? now,
    };
    if (alert.ended_at !== undefined) normalized.endsAt = alert.ended_at;
    if (alert.url !== undefined) normalized.generatorURL = alert.url;
    return normalized;
  });
}
