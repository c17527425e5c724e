import type { Kysely, Selectable } from 'kysely';
import type { Database, IncidentAlertsTable, IncidentsTable } from '../../store/index.ts';
import { parseLabels, parseServices } from './ingest-alerts.ts';

/** An incident as the rest of Steward reads it. */
export interface Incident {
  id: string;
  title: string;
  status: 'open' | 'resolved';
  /** Where its first alert came from. */
  source: string;
  groupKey: string;
  services: string[];
  severity: string;
  alertCount: number;
  openedAtMs: number;
  lastAlertAtMs: number;
  resolvedAtMs: number | null;
  /** JSON, as the triage agent stored it. */
  triage: string | null;
  slackTs: string | null;
  updatedAtMs: number;
}

/** One alert of an incident. */
export interface IncidentAlert {
  id: string;
  incidentId: string;
  source: string;
  fingerprint: string;
  status: 'firing' | 'resolved';
  alertname: string | null;
  service: string | null;
  labels: Record<string, string>;
  annotations: Record<string, string>;
  startsAtMs: number;
  endsAtMs: number | null;
  occurrences: number;
  receivedAtMs: number;
  updatedAtMs: number;
}

export interface IncidentDetail {
  incident: Incident;
  /** Oldest first. */
  alerts: IncidentAlert[];
}

export interface ListIncidentsOptions {
  status?: 'open' | 'resolved' | undefined;
  /** Default 50, at most 1,000. */
  limit?: number | undefined;
}

/** Incidents, the most recently opened first. */
export async function listIncidents(
  db: Kysely<Database>,
  options: ListIncidentsOptions = {},
): Promise<Incident[]> {
  const limit = Math.min(Math.max(Math.trunc(options.limit ?? 50), 1), 1_000);
  const rows = await db
    .selectFrom('incidents')
    .selectAll()
    .$if(options.status !== undefined, (query) => query.where('status', '=', options.status!))
    .orderBy('opened_at_ms', 'desc')
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();
  return rows.map(incidentOf);
}

/** An incident and its alerts, or undefined when there is no incident `id`. */
export async function getIncident(db: Kysely<Database>, id: string): Promise<IncidentDetail | undefined> {
  const row = await db.selectFrom('incidents').selectAll().where('id', '=', id).executeTakeFirst();
  if (row === undefined) return undefined;
  const alerts = await db
    .selectFrom('incident_alerts')
    .selectAll()
    .where('incident_id', '=', id)
    .orderBy('starts_at_ms')
    .orderBy('received_at_ms')
    .orderBy('id')
    .execute();
  return { incident: incidentOf(row), alerts: alerts.map(alertOf) };
}

function incidentOf(row: Selectable<IncidentsTable>): Incident {
  return {
    id: row.id,
    title: row.title,
    status: row.status,
    source: row.source,
    groupKey: row.group_key,
    services: parseServices(row.services),
    severity: row.severity,
    alertCount: row.alert_count,
    openedAtMs: row.opened_at_ms,
    lastAlertAtMs: row.last_alert_at_ms,
    resolvedAtMs: row.resolved_at_ms,
    triage: row.triage,
    slackTs: row.slack_ts,
    updatedAtMs: row.updated_at_ms,
  };
}

function alertOf(row: Selectable<IncidentAlertsTable>): IncidentAlert {
  return {
    id: row.id,
    incidentId: row.incident_id,
    source: row.source,
    fingerprint: row.fingerprint,
    status: row.status,
    alertname: row.alertname,
    service: row.service,
    labels: parseLabels(row.labels),
    annotations: parseLabels(row.annotations),
    startsAtMs: row.starts_at_ms,
    endsAtMs: row.ends_at_ms,
    occurrences: row.occurrences,
    receivedAtMs: row.received_at_ms,
    updatedAtMs: row.updated_at_ms,
  };
}
