import { z } from 'zod';
import { alertFingerprint } from './fingerprint.ts';
import { stringMap } from './label-map.ts';
import { alertLimits as limits, type NormalizedAlert } from './normalized-alert.ts';
import { parsePayload, refuseLongList } from './parse-payload.ts';
import { AlertPayloadError, type AlertPayloadIssue, describeInput } from './payload-error.ts';
import { goZeroTimeMs, timestamp } from './timestamps.ts';

/** An Alertmanager webhook notification, read. */
export interface AlertmanagerNotification {
  alerts: NormalizedAlert[];
  /** Alertmanager's key of the group notified (`{}:{alertname="…"}`, under sub-routes longer). */
  groupKey: string;
  /** Alerts Alertmanager left out because the receiver's `max_alerts` was reached. */
  truncatedAlerts: number;
  receiver: string;
}

const source = 'alertmanager';
const status = z.enum(['firing', 'resolved']);
const field = z.string().max(limits.fieldChars);
const labels = stringMap({
  what: 'label',
  maxEntries: limits.labelsPerAlert,
  maxNameChars: limits.labelChars,
  maxValueChars: limits.labelChars,
});
const annotations = stringMap({
  what: 'annotation',
  maxEntries: limits.annotationsPerAlert,
  maxNameChars: limits.labelChars,
  maxValueChars: limits.annotationChars,
});
/** A map that may be absent or null (read as absent), but must be what it claims when present. */
const optionalMap = (map: typeof labels) =>
  z.preprocess((value) => (value === null ? undefined : value), map.optional());

const alertSchema = z.object({
  status,
  labels: stringMap({
    what: 'label',
    maxEntries: limits.labelsPerAlert,
    maxNameChars: limits.labelChars,
    maxValueChars: limits.labelChars,
    nonEmpty: true,
  }),
  annotations: optionalMap(annotations),
  startsAt: timestamp,
  endsAt: timestamp.optional(),
  generatorURL: field.optional(),
  fingerprint: field.optional(),
});

const webhookSchema = z.object({
  version: z.literal('4'),
  groupKey: field,
  truncatedAlerts: z.number().int().min(0).optional(),
  status,
  receiver: field,
  groupLabels: optionalMap(labels),
  commonLabels: optionalMap(labels),
  commonAnnotations: optionalMap(annotations),
  externalURL: field.optional(),
  notification_reason: field.optional(),
  routeLabels: optionalMap(labels),
  alerts: z.array(alertSchema),
});

/**
 * Reads an Alertmanager webhook notification (format version "4"). Each alert's fingerprint is
 * computed from its labels; one that differs from the `fingerprint` the payload carries means the
 * payload was altered or mangled on its way, and the whole body is refused. An end time of
 * `0001-01-01T00:00:00Z` (Go's zero time) means no end.
 */
export function parseAlertmanagerWebhook(body: unknown): AlertmanagerNotification {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) {
    throw new AlertPayloadError(source, [
      { path: '', message: `expected an Alertmanager webhook object, got ${describeInput(body)}` },
    ]);
  }
  const version = (body as Record<string, unknown>).version;
  if (version !== '4') {
    throw new AlertPayloadError(source, [
      {
        path: 'version',
        message: `expected "4" (the Alertmanager webhook format Steward reads), got ${describeInput(version)}`,
      },
    ]);
  }
  refuseLongList(source, body, 'alerts', limits.alertsPerBody, 'alerts');
  const webhook = parsePayload(source, webhookSchema, body);
  const issues: AlertPayloadIssue[] = [];
  const alerts = webhook.alerts.map((alert, index): NormalizedAlert => {
    if (alert.startsAt === goZeroTimeMs) {
      issues.push({
        path: `alerts.${index}.startsAt`,
        message: 'is the zero time: an alert must have started',
      });
    }
    const fingerprint = alertFingerprint(alert.labels);
    if (alert.fingerprint !== undefined && alert.fingerprint !== fingerprint) {
      issues.push({
        path: `alerts.${index}.fingerprint`,
        message: `is ${describeInput(alert.fingerprint)} but the alert's labels have the fingerprint "${fingerprint}": the payload was altered or mangled on its way (labels or fingerprint changed)`,
      });
    }
    const normalized: NormalizedAlert = {
      source,
      fingerprint,
      status: alert.status,
      labels: alert.labels,
      annotations: alert.annotations ?? {},
      startsAt: alert.startsAt,
    };
    if (alert.endsAt !== undefined && alert.endsAt !== goZeroTimeMs) normalized.endsAt = alert.endsAt;
    if (alert.generatorURL !== undefined && alert.generatorURL !== '') {
      normalized.generatorURL = alert.generatorURL;
    }
    return normalized;
  });
  if (issues.length > 0) throw new AlertPayloadError(source, issues);
  return {
    alerts,
    groupKey: webhook.groupKey,
    truncatedAlerts: webhook.truncatedAlerts ?? 0,
    receiver: webhook.receiver,
  };
}
