// Alert ingestion and grouping.

// Runbooks and ranked actions.
export * from './actions/index.ts';
export { alertFingerprint } from './alerts/fingerprint.ts';
export { type AlertSource, alertLimits, type NormalizedAlert } from './alerts/normalized-alert.ts';
// Storing alerts with their follow-up work, triage, notifications.
export { parseAlertFile, recogniseAlertSource } from './alerts/parse-alert-file.ts';
export { type AlertmanagerNotification, parseAlertmanagerWebhook } from './alerts/parse-alertmanager.ts';
export { type GenericOptions, parseGenericAlerts } from './alerts/parse-generic.ts';
export { type PagerDutyOptions, parsePagerDutyEvent } from './alerts/parse-pagerduty.ts';
export { AlertPayloadError, type AlertPayloadIssue } from './alerts/payload-error.ts';
export { goQuote, groupByAll, groupKeyOf, groupLabelsOf } from './grouping/group-key.ts';
export {
  getIncident,
  type Incident,
  type IncidentAlert,
  type IncidentDetail,
  type ListIncidentsOptions,
  listIncidents,
} from './grouping/incident-queries.ts';
export {
  type IngestAlertsOptions,
  type IngestedIncident,
  type IngestResult,
  ingestAlerts,
  ingestLockName,
} from './grouping/ingest-alerts.ts';
export {
  type NoiseReduction,
  type NoiseReductionOptions,
  noiseReduction,
} from './grouping/noise-reduction.ts';
export {
  compileLabelMatch,
  compileSeverityOf,
  type IncidentSeverity,
  maxSeverity,
  normalizeSeverity,
} from './grouping/severity.ts';
// History: past incidents and similar-incident search.
export * from './history/index.ts';
export type { IncidentJobContext } from './jobs/incident-job-context.ts';
export { incidentJobHandlers } from './jobs/incident-job-handlers.ts';
export { incidentJobContext, runQueuedIncidentJobs } from './jobs/run-queued-incident-jobs.ts';
export { storeAlerts } from './jobs/store-alerts.ts';
export { type TriageIncidentPayload, triageIncidentJob, triageIncidentPayload } from './jobs/triage-job.ts';
export {
  createSlackNotifier,
  type SlackNotifier,
  type SlackNotifierOptions,
} from './notify/slack-notifier.ts';
export * from './runbooks/index.ts';
export {
  type IncidentTriage,
  incidentTriageSchema,
  parseStoredTriage,
} from './triage/incident-triage.ts';
export { labelMatches, type RuleTriage, ruleTriage, type TriageAlert } from './triage/rule-triage.ts';
export { type TriageContext, triageIncident } from './triage/triage-incident.ts';
