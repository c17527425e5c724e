/** Where an alert came from. */
export type AlertSource = 'alertmanager' | 'pagerduty' | 'generic';

/** One alert as every source is read into: what grouping and storage work on. */
export interface NormalizedAlert {
  source: AlertSource;
  /** Identity within the source: Alertmanager's label-set fingerprint, PagerDuty's `dedup_key`, the generic `id`. */
  fingerprint: string;
  status: 'firing' | 'resolved';
  labels: Record<string, string>;
  annotations: Record<string, string>;
  /** Milliseconds since the epoch. */
  startsAt: number;
  /** Milliseconds since the epoch; absent when the alert has no end (yet). */
  endsAt?: number;
  generatorURL?: string;
}

/** What one body may hold: beyond these it is refused as a whole. */
export const alertLimits = {
  /** Alerts in one Alertmanager body. */
  alertsPerBody: 10_000,
  /** Alerts in one generic body. */
  genericAlertsPerBody: 1_000,
  labelsPerAlert: 1_000,
  annotationsPerAlert: 1_000,
  /** Characters of a label name or value. */
  labelChars: 10_000,
  /** Characters of an annotation value (names are held to `labelChars`). */
  annotationChars: 65_536,
  /** Characters of a URL, a group key, a receiver, an identity. */
  fieldChars: 10_000,
} as const;
