import { randomBytes, randomUUID } from 'node:crypto';
import { type Kysely, type Selectable, sql } from 'kysely';
import type { IncidentsConfig } from '../../config/index.ts';
import type { Database, IncidentsTable, StoreDialect } from '../../store/index.ts';
import { storeOf } from '../../store/store.ts';
import { setOwn } from '../alerts/label-map.ts';
import type { NormalizedAlert } from '../alerts/normalized-alert.ts';
import { bulkUpdateById, chunks } from './bulk-write.ts';
import { dependencyComponents } from './dependencies.ts';
import { groupKeyOf, groupLabelsOf } from './group-key.ts';
import { labelValue } from './labels.ts';
import { compileSeverityOf, type IncidentSeverity, maxSeverity } from './severity.ts';

export interface IngestAlertsOptions {
  config: IncidentsConfig;
  alerts: readonly NormalizedAlert[];
  /** When they were received (ms). */
  now: number;
  /** The store's dialect: needed only when `db` is a transaction (default: that of `db`'s store). */
  dialect?: StoreDialect | undefined;
}

/** An incident one ingest call created or changed, as it stands after the call. */
export interface IngestedIncident {
  id: string;
  created: boolean;
  alertCount: number;
  status: 'open' | 'resolved';
}

export interface IngestResult {
  /** Alerts in the call. */
  alerts: number;
  /** Incidents opened by the call. */
  created: number;
  /** Incidents that existed before the call and took alerts (new, repeated or resolved) in it. */
  updated: number;
  /** Incidents whose last firing alert resolved in the call. */
  resolved: number;
  /** Every incident the call touched, in the order it first touched them. */
  incidents: IngestedIncident[];
}

/** The name of the PostgreSQL advisory lock that serialises ingest calls (`hashtext` of it). */
export const ingestLockName = 'steward.incidents.ingest';

/**
 * Stores `alerts` and groups them into incidents, in one transaction: all of it is stored, or none.
 *
 * An alert already stored (same source and fingerprint) that is still active — firing, or resolved
 * less than `group_window_minutes` before the alert's time — is updated (status, end, annotations
 * merged, one more occurrence), not stored again. A new firing alert joins, in this order: the open
 * incident of its group key whose newest alert is within the window of the alert's time; else the open
 * incident of a service linked to its own by `dependencies`; else, for PagerDuty and generic alerts,
 * the most recent open incident whose alerts share `match.fields` (`any` or `all` of them); else it
 * opens an incident. A resolved alert Steward never saw firing is stored (resolved, in no incident) and
 * opens none. An incident resolves when its last firing alert resolves, and reopens if one fires again.
 * An alert's time is its start when firing, its end when resolved, and never later than `now`.
 *
 * On PostgreSQL, calls take turns on one transaction-level advisory lock, so that two calls at once
 * cannot both open an incident for one group (or for linked services); SQLite transactions already
 * take turns. When `db` is a transaction, the call runs in it (pass `dialect`).
 */
export async function ingestAlerts(
  db: Kysely<Database>,
  options: IngestAlertsOptions,
): Promise<IngestResult> {
  const dialect = options.dialect ?? (db.isTransaction ? undefined : storeOf(db).dialect);
  if (dialect === undefined) {
    throw new TypeError('ingesting alerts inside a transaction needs its `dialect` (store.dialect)');
  }
  const grouping = compileGrouping(options.config);
  if (options.alerts.length === 0) return { alerts: 0, created: 0, updated: 0, resolved: 0, incidents: [] };
  const run = async (transaction: Kysely<Database>) => {
    if (dialect === 'postgres') {
      await sql`select pg_advisory_xact_lock(hashtext(${ingestLockName}))`.execute(transaction);
    }
    return ingest(transaction, grouping, options.alerts, options.now);
  };
  return db.isTransaction ? run(db) : db.transaction().execute(run);
}

interface Grouping {
  windowMs: number;
  groupBy: readonly string[];
  serviceLabel: string;
  severityOf: (labels: Readonly<Record<string, string>>) => IncidentSeverity;
  components: Map<string, number>;
  matchFields: readonly string[];
  matchMode: 'any' | 'all';
  /** The match fields are all the service label: an incident's services answer them, no alert labels needed. */
  matchByServices: boolean;
}

const compiled = new WeakMap<IncidentsConfig, Grouping>();

function compileGrouping(config: IncidentsConfig): Grouping {
  let grouping = compiled.get(config);
  if (grouping === undefined) {
    const matchFields = [...new Set(config.match.fields)];
    grouping = {
      windowMs: config.group_window_minutes * 60_000,
      groupBy: config.group_by,
      serviceLabel: config.service_label,
      severityOf: compileSeverityOf(config.severity_rules),
      components: dependencyComponents(config.dependencies),
      matchFields,
      matchMode: config.match.mode,
      matchByServices: matchFields.every((field) => field === config.service_label),
    };
    compiled.set(config, grouping);
  }
  return grouping;
}

interface IncidentState {
  /** Empty for a new incident until its id is chosen, when it is written. */
  id: string;
  title: string;
  status: 'open' | 'resolved';
  source: string;
  groupKey: string;
  services: Set<string>;
  severity: string;
  alertCount: number;
  openedAtMs: number;
  lastAlertAtMs: number;
  resolvedAtMs: number | null;
  /** Its firing alerts: exact for new incidents and those of stored alerts in the call; a lower bound (1) for other open ones. */
  firing: number;
  /** The latest time one of its alerts resolved in this call. */
  resolvedInCallMs: number | undefined;
  created: boolean;
  openBefore: boolean;
  touched: boolean;
  /** As stored before the call (undefined for a new incident): only a changed incident is written. */
  stored: string | undefined;
}

interface AlertRow {
  id: string;
  /** As stored ('' for none); `incident` is what the call works with. */
  incidentId: string;
  incident: IncidentState | undefined;
  source: string;
  fingerprint: string;
  status: 'firing' | 'resolved';
  alertname: string | null;
  service: string | null;
  /** JSON, for a row to insert (a stored row's labels never change, and are not read). */
  labels: string;
  /** Parsed once changed; the stored text until then. */
  annotations: Record<string, string> | string;
  startsAtMs: number;
  endsAtMs: number | null;
  occurrences: number;
  receivedAtMs: number;
  updatedAtMs: number;
  stored: boolean;
  changed: boolean;
}

/** Incidents by a key (group key, dependency component, match value), to find the best open one. */
class IncidentIndex {
  readonly #entries = new Map<string, Set<IncidentState>>();

  add(key: string, incident: IncidentState): void {
    let set = this.#entries.get(key);
    if (set === undefined) {
      set = new Set();
      this.#entries.set(key, set);
    }
    set.add(incident);
  }

  /** The open incident under any of `keys` whose newest alert is latest and not before `since`. */
  best(keys: Iterable<string>, since: number): IncidentState | undefined {
    let best: IncidentState | undefined;
    for (const key of keys) {
      for (const incident of this.#entries.get(key) ?? []) {
        if (incident.status !== 'open' || incident.lastAlertAtMs < since) continue;
        if (best === undefined || incident.lastAlertAtMs > best.lastAlertAtMs) best = incident;
      }
    }
    return best;
  }
}

async function ingest(
  db: Kysely<Database>,
  grouping: Grouping,
  alerts: readonly NormalizedAlert[],
  now: number,
): Promise<IngestResult> {
  const { windowMs } = grouping;
  const timeOf = (alert: NormalizedAlert) =>
    Math.min(alert.status === 'firing' ? alert.startsAt : (alert.endsAt ?? now), now);
  const identityOf = (source: string, fingerprint: string) => `${source}\u0000${fingerprint}`;
  let earliest = now;
  for (const alert of alerts) earliest = Math.min(earliest, timeOf(alert));
  const since = earliest - windowMs;

  // Stored alerts that may still be active, by identity (the latest row of each).
  const rows = new Map<string, AlertRow>();
  for (const row of await loadActiveRows(db, alerts, since)) {
    const identity = identityOf(row.source, row.fingerprint);
    const known = rows.get(identity);
    if (known === undefined || row.receivedAtMs > known.receivedAtMs) rows.set(identity, row);
  }

  const incidents = new Map<string, IncidentState>();
  const byGroupKey = new IncidentIndex();
  const byComponent = new IncidentIndex();
  const byMatch = new IncidentIndex();
  const componentKey = (service: string) => {
    const component = grouping.components.get(service);
    return component === undefined ? undefined : String(component);
  };
  const matching = grouping.matchFields.length > 0 && alerts.some((alert) => alert.source !== 'alertmanager');
  const matchKeys = (labels: Readonly<Record<string, string>>): string[] => {
    const values = grouping.matchFields.map((field) => labelValue(labels, field));
    if (grouping.matchMode === 'any') {
      return values.flatMap((value, index) =>
        value === undefined || value === '' ? [] : [`${grouping.matchFields[index]}\u0000${value}`],
      );
    }
    return values.some((value) => value === undefined || value === '') ? [] : [JSON.stringify(values)];
  };
  const indexService = (incident: IncidentState, service: string) => {
    const component = componentKey(service);
    if (component !== undefined) byComponent.add(component, incident);
    if (matching && grouping.matchByServices) {
      for (const key of matchKeys({ [grouping.serviceLabel]: service })) byMatch.add(key, incident);
    }
  };
  const remember = (row: Selectable<IncidentsTable>, firing: number) => {
    if (incidents.has(row.id)) return;
    const incident: IncidentState = {
      id: row.id,
      title: row.title,
      status: row.status,
      source: row.source,
      groupKey: row.group_key,
      services: new Set(parseServices(row.services)),
      severity: row.severity,
      alertCount: row.alert_count,
      openedAtMs: row.opened_at_ms,
      lastAlertAtMs: row.last_alert_at_ms,
      resolvedAtMs: row.resolved_at_ms,
      firing,
      resolvedInCallMs: undefined,
      created: false,
      openBefore: row.status === 'open',
      touched: false,
      stored: undefined,
    };
    incident.stored = storedFields(incident);
    incidents.set(row.id, incident);
    byGroupKey.add(incident.groupKey, incident);
    for (const service of incident.services) indexService(incident, service);
  };

  // The incidents of those alerts. An open incident has a firing alert, a resolved one none: counting
  // them exactly is needed only where a firing alert resolves in this call.
  const referenced = [...new Set([...rows.values()].map((row) => row.incidentId))].filter((id) => id !== '');
  const resolving = new Set<string>();
  for (const alert of alerts) {
    const row =
      alert.status === 'resolved' ? rows.get(identityOf(alert.source, alert.fingerprint)) : undefined;
    if (row !== undefined && row.status === 'firing' && row.incidentId !== '') resolving.add(row.incidentId);
  }
  const firingCounts = await countFiring(db, [...resolving]);
  for (const row of await selectIncidents(db, referenced)) {
    remember(row, firingCounts.get(row.id) ?? (row.status === 'open' ? 1 : 0));
  }
  for (const row of rows.values()) row.incident = incidents.get(row.incidentId);

  // Open incidents new alerts may join: by group key, or all those in the window when dependencies or
  // matching may reach across groups.
  const groupKeys = new Map<NormalizedAlert, string>();
  const keyOf = (alert: NormalizedAlert) => {
    let key = groupKeys.get(alert);
    if (key === undefined) {
      key = groupKeyOf(groupLabelsOf(alert.labels, grouping.groupBy));
      groupKeys.set(alert, key);
    }
    return key;
  };
  const firingAlerts = alerts.filter((alert) => alert.status === 'firing');
  const acrossGroups =
    matching ||
    (grouping.components.size > 0 &&
      firingAlerts.some((alert) => {
        const service = labelValue(alert.labels, grouping.serviceLabel);
        return service !== undefined && grouping.components.has(service);
      }));
  const candidates = acrossGroups
    ? await selectOpenIncidentsSince(db, since)
    : await selectOpenIncidentsByGroupKey(db, [...new Set(firingAlerts.map(keyOf))], since);
  // An open incident has a firing alert: 1 is a lower bound of its count, which only new alerts change.
  for (const row of candidates) remember(row, 1);
  if (matching && !grouping.matchByServices) {
    const open = candidates.map((row) => incidents.get(row.id)!);
    for (const { incidentId, labels } of await selectAlertLabels(
      db,
      open.map((incident) => incident.id),
    )) {
      const incident = incidents.get(incidentId)!;
      for (const key of matchKeys(parseLabels(labels))) byMatch.add(key, incident);
    }
  }

  const touched: IncidentState[] = [];
  const touch = (incident: IncidentState) => {
    if (incident.touched) return;
    incident.touched = true;
    touched.push(incident);
  };
  const settle = (incident: IncidentState) => {
    if (incident.firing > 0) {
      incident.status = 'open';
      incident.resolvedAtMs = null;
    } else if (incident.status === 'open') {
      incident.status = 'resolved';
      incident.resolvedAtMs = incident.resolvedInCallMs ?? now;
    }
  };
  const findIncident = (alert: NormalizedAlert, time: number): IncidentState | undefined => {
    const from = time - windowMs;
    const sameGroup = byGroupKey.best([keyOf(alert)], from);
    if (sameGroup !== undefined) return sameGroup;
    const service = labelValue(alert.labels, grouping.serviceLabel);
    const component = service === undefined ? undefined : componentKey(service);
    const linked = component === undefined ? undefined : byComponent.best([component], from);
    if (linked !== undefined) return linked;
    return alert.source !== 'alertmanager' && matching
      ? byMatch.best(matchKeys(alert.labels), from)
      : undefined;
  };
  const usedIds = new Set<string>();
  const openIncident = (alert: NormalizedAlert, time: number): IncidentState => {
    const incident: IncidentState = {
      id: newIncidentId(usedIds),
      title: titleOf(alert),
      status: 'open',
      source: alert.source,
      groupKey: keyOf(alert),
      services: new Set(),
      severity: grouping.severityOf(alert.labels),
      alertCount: 0,
      openedAtMs: time,
      lastAlertAtMs: time,
      resolvedAtMs: null,
      firing: 0,
      resolvedInCallMs: undefined,
      created: true,
      openBefore: false,
      touched: false,
      stored: undefined,
    };
    byGroupKey.add(incident.groupKey, incident);
    return incident;
  };
  /** A firing alert new to `incident`. */
  const join = (incident: IncidentState, alert: NormalizedAlert, time: number) => {
    touch(incident);
    incident.alertCount += 1;
    incident.firing += 1;
    incident.lastAlertAtMs = Math.max(incident.lastAlertAtMs, time);
    incident.severity = maxSeverity(incident.severity, grouping.severityOf(alert.labels));
    const service = labelValue(alert.labels, grouping.serviceLabel);
    if (service !== undefined && service !== '' && !incident.services.has(service)) {
      incident.services.add(service);
      indexService(incident, service);
    }
    if (matching && !grouping.matchByServices) {
      for (const key of matchKeys(alert.labels)) byMatch.add(key, incident);
    }
    settle(incident);
  };
  const group = (alert: NormalizedAlert, time: number): IncidentState => {
    const incident = findIncident(alert, time) ?? openIncident(alert, time);
    join(incident, alert, time);
    return incident;
  };

  const inserted: AlertRow[] = [];
  for (const alert of alerts) {
    const time = timeOf(alert);
    const identity = identityOf(alert.source, alert.fingerprint);
    const row = rows.get(identity);
    const active =
      row !== undefined && (row.status === 'firing' || time - (row.endsAtMs ?? row.updatedAtMs) < windowMs);
    if (!active) {
      const incident = alert.status === 'firing' ? group(alert, time) : undefined;
      const created = newRow(alert, incident, grouping.serviceLabel, now);
      rows.set(identity, created);
      inserted.push(created);
      continue;
    }
    const wasFiring = row.status === 'firing';
    row.occurrences += 1;
    row.updatedAtMs = now;
    row.changed = true;
    // A firing notice from before the stored resolution arrived late: it changes nothing else.
    const stale =
      alert.status === 'firing' && !wasFiring && row.endsAtMs !== null && alert.startsAt < row.endsAtMs;
    if (stale) {
      if (row.incident !== undefined) touch(row.incident);
      continue;
    }
    row.status = alert.status;
    row.endsAtMs = alert.status === 'resolved' ? Math.min(alert.endsAt ?? now, now) : (alert.endsAt ?? null);
    const annotations = typeof row.annotations === 'string' ? parseLabels(row.annotations) : row.annotations;
    row.annotations = Object.assign(annotations, alert.annotations);
    const incident = row.incident;
    if (incident === undefined) {
      // Stored resolved in no incident, and firing again: grouped like a new alert.
      if (alert.status === 'firing') row.incident = group(alert, time);
      continue;
    }
    touch(incident);
    if (alert.status === 'firing') {
      if (Object.keys(alert.labels).length > 0) {
        incident.severity = maxSeverity(incident.severity, grouping.severityOf(alert.labels));
      }
      incident.lastAlertAtMs = Math.max(incident.lastAlertAtMs, time);
      if (!wasFiring) incident.firing += 1;
    } else if (wasFiring) {
      incident.firing -= 1;
      incident.resolvedInCallMs = Math.max(incident.resolvedInCallMs ?? time, time);
    }
    settle(incident);
  }

  await chooseFreeIds(
    db,
    touched.filter((incident) => incident.created),
    usedIds,
  );
  await writeIncidents(db, touched, now);
  await writeAlertRows(
    db,
    inserted,
    [...rows.values()].filter((row) => row.stored && row.changed),
  );

  return {
    alerts: alerts.length,
    created: touched.filter((incident) => incident.created).length,
    updated: touched.filter((incident) => !incident.created).length,
    resolved: touched.filter(
      (incident) => incident.status === 'resolved' && (incident.created || incident.openBefore),
    ).length,
    incidents: touched.map((incident) => ({
      id: incident.id,
      created: incident.created,
      alertCount: incident.alertCount,
      status: incident.status,
    })),
  };
}

function newRow(
  alert: NormalizedAlert,
  incident: IncidentState | undefined,
  serviceLabel: string,
  now: number,
): AlertRow {
  return {
    id: randomUUID(),
    incidentId: '',
    incident,
    source: alert.source,
    fingerprint: alert.fingerprint,
    status: alert.status,
    alertname: labelValue(alert.labels, 'alertname') ?? null,
    service: labelValue(alert.labels, serviceLabel) ?? null,
    labels: JSON.stringify(alert.labels),
    annotations: { ...alert.annotations },
    startsAtMs: alert.startsAt,
    endsAtMs: alert.status === 'resolved' ? Math.min(alert.endsAt ?? now, now) : (alert.endsAt ?? null),
    occurrences: 1,
    receivedAtMs: now,
    updatedAtMs: now,
    stored: false,
    changed: false,
  };
}

/** Stored alerts of these identities that may still be active at `since` or later. */
async function loadActiveRows(
  db: Kysely<Database>,
  alerts: readonly NormalizedAlert[],
  since: number,
): Promise<AlertRow[]> {
  const bySource = new Map<string, Set<string>>();
  for (const alert of alerts) {
    let fingerprints = bySource.get(alert.source);
    if (fingerprints === undefined) {
      fingerprints = new Set();
      bySource.set(alert.source, fingerprints);
    }
    fingerprints.add(alert.fingerprint);
  }
  const rows: AlertRow[] = [];
  for (const [source, fingerprints] of bySource) {
    for (const chunk of chunks([...fingerprints])) {
      const found = await db
        .selectFrom('incident_alerts')
        .select([
          'id',
          'incident_id',
          'source',
          'fingerprint',
          'status',
          'alertname',
          'service',
          'annotations',
          'starts_at_ms',
          'ends_at_ms',
          'occurrences',
          'received_at_ms',
          'updated_at_ms',
        ])
        .where('source', '=', source)
        .where('fingerprint', 'in', chunk)
        .where((eb) =>
          eb.or([eb('status', '=', 'firing'), eb(eb.fn.coalesce('ends_at_ms', 'updated_at_ms'), '>', since)]),
        )
        .execute();
      for (const row of found) {
        rows.push({
          id: row.id,
          incidentId: row.incident_id,
          incident: undefined,
          source: row.source,
          fingerprint: row.fingerprint,
          status: row.status,
          alertname: row.alertname,
          service: row.service,
          labels: '',
          annotations: row.annotations,
          startsAtMs: row.starts_at_ms,
          endsAtMs: row.ends_at_ms,
          occurrences: row.occurrences,
          receivedAtMs: row.received_at_ms,
          updatedAtMs: row.updated_at_ms,
          stored: true,
          changed: false,
        });
      }
    }
  }
  return rows;
}

async function countFiring(
  db: Kysely<Database>,
  incidentIds: readonly string[],
): Promise<Map<string, number>> {
  const counts = new Map<string, number>();
  for (const chunk of chunks(incidentIds)) {
    const found = await db
      .selectFrom('incident_alerts')
      .select((eb) => ['incident_id', eb.fn.countAll<number | string>().as('firing')])
      .where('incident_id', 'in', chunk)
      .where('status', '=', 'firing')
      .groupBy('incident_id')
      .execute();
    for (const row of found) counts.set(row.incident_id, Number(row.firing));
  }
  return counts;
}

async function selectIncidents(
  db: Kysely<Database>,
  ids: readonly string[],
): Promise<Selectable<IncidentsTable>[]> {
  const found: Selectable<IncidentsTable>[] = [];
  for (const chunk of chunks(ids)) {
    found.push(...(await db.selectFrom('incidents').selectAll().where('id', 'in', chunk).execute()));
  }
  return found;
}

async function selectOpenIncidentsSince(
  db: Kysely<Database>,
  since: number,
): Promise<Selectable<IncidentsTable>[]> {
  return db
    .selectFrom('incidents')
    .selectAll()
    .where('last_alert_at_ms', '>=', since)
    .where('status', '=', 'open')
    .execute();
}

async function selectOpenIncidentsByGroupKey(
  db: Kysely<Database>,
  groupKeys: readonly string[],
  since: number,
): Promise<Selectable<IncidentsTable>[]> {
  const found: Selectable<IncidentsTable>[] = [];
  for (const chunk of chunks(groupKeys)) {
    found.push(
      ...(await db
        .selectFrom('incidents')
        .selectAll()
        .where('status', '=', 'open')
        .where('group_key', 'in', chunk)
        .where('last_alert_at_ms', '>=', since)
        .execute()),
    );
  }
  return found;
}

async function selectAlertLabels(
  db: Kysely<Database>,
  incidentIds: readonly string[],
): Promise<{ incidentId: string; labels: string }[]> {
  const found: { incidentId: string; labels: string }[] = [];
  for (const chunk of chunks(incidentIds)) {
    const rows = await db
      .selectFrom('incident_alerts')
      .select(['incident_id', 'labels'])
      .where('incident_id', 'in', chunk)
      .execute();
    for (const row of rows) found.push({ incidentId: row.incident_id, labels: row.labels });
  }
  return found;
}

/** What of an incident an ingest call may change, as one string to compare. */
function storedFields(incident: IncidentState): string {
  return JSON.stringify([
    incident.status,
    [...incident.services].sort(),
    incident.severity,
    incident.alertCount,
    incident.lastAlertAtMs,
    incident.resolvedAtMs,
  ]);
}

/** Chooses another id for each new incident whose id a stored incident already has (2^32 ids: it happens). */
async function chooseFreeIds(
  db: Kysely<Database>,
  created: readonly IncidentState[],
  used: Set<string>,
): Promise<void> {
  let pending = [...created];
  while (pending.length > 0) {
    const taken = new Set<string>();
    for (const chunk of chunks(pending.map((incident) => incident.id))) {
      const rows = await db.selectFrom('incidents').select('id').where('id', 'in', chunk).execute();
      for (const row of rows) taken.add(row.id);
    }
    pending = pending.filter((incident) => taken.has(incident.id));
    for (const incident of pending) incident.id = newIncidentId(used);
  }
}

function newIncidentId(used: Set<string>): string {
  for (;;) {
    const id = randomBytes(4).toString('hex');
    if (!used.has(id)) {
      used.add(id);
      return id;
    }
  }
}

async function writeIncidents(
  db: Kysely<Database>,
  touched: readonly IncidentState[],
  now: number,
): Promise<void> {
  const services = (incident: IncidentState) => JSON.stringify([...incident.services].sort());
  const created = touched.filter((incident) => incident.created);
  for (const chunk of chunks(created)) {
    await db
      .insertInto('incidents')
      .values(
        chunk.map((incident) => ({
          id: incident.id,
          title: incident.title,
          status: incident.status,
          source: incident.source,
          group_key: incident.groupKey,
          services: services(incident),
          severity: incident.severity,
          alert_count: incident.alertCount,
          opened_at_ms: incident.openedAtMs,
          last_alert_at_ms: incident.lastAlertAtMs,
          resolved_at_ms: incident.resolvedAtMs,
          triage: null,
          slack_ts: null,
          updated_at_ms: now,
        })),
      )
      .execute();
  }
  const changed = touched.filter(
    (incident) => !incident.created && storedFields(incident) !== incident.stored,
  );
  await bulkUpdateById(
    db,
    'incidents',
    [
      { name: 'status', type: 'text' },
      { name: 'services', type: 'text' },
      { name: 'severity', type: 'text' },
      { name: 'alert_count', type: 'integer' },
      { name: 'last_alert_at_ms', type: 'bigint' },
      { name: 'resolved_at_ms', type: 'bigint' },
      { name: 'updated_at_ms', type: 'bigint' },
    ],
    changed.map((incident) => ({
      id: incident.id,
      status: incident.status,
      services: services(incident),
      severity: incident.severity,
      alert_count: incident.alertCount,
      last_alert_at_ms: incident.lastAlertAtMs,
      resolved_at_ms: incident.resolvedAtMs,
      updated_at_ms: now,
    })),
  );
}

async function writeAlertRows(
  db: Kysely<Database>,
  inserted: readonly AlertRow[],
  changed: readonly AlertRow[],
): Promise<void> {
  const annotations = (row: AlertRow) =>
    typeof row.annotations === 'string' ? row.annotations : JSON.stringify(row.annotations);
  for (const chunk of chunks(inserted)) {
    await db
      .insertInto('incident_alerts')
      .values(
        chunk.map((row) => ({
          id: row.id,
          incident_id: row.incident?.id ?? '',
          source: row.source,
          fingerprint: row.fingerprint,
          status: row.status,
          alertname: row.alertname,
          service: row.service,
          labels: row.labels,
          annotations: annotations(row),
          starts_at_ms: row.startsAtMs,
          ends_at_ms: row.endsAtMs,
          occurrences: row.occurrences,
          received_at_ms: row.receivedAtMs,
          updated_at_ms: row.updatedAtMs,
        })),
      )
      .execute();
  }
  await bulkUpdateById(
    db,
    'incident_alerts',
    [
      { name: 'incident_id', type: 'text' },
      { name: 'status', type: 'text' },
      { name: 'annotations', type: 'text' },
      { name: 'ends_at_ms', type: 'bigint' },
      { name: 'occurrences', type: 'integer' },
      { name: 'updated_at_ms', type: 'bigint' },
    ],
    changed.map((row) => ({
      id: row.id,
      incident_id: row.incident?.id ?? '',
      status: row.status,
      annotations: annotations(row),
      ends_at_ms: row.endsAtMs,
      occurrences: row.occurrences,
      updated_at_ms: row.updatedAtMs,
    })),
  );
}

/** The first alert's name and summary: `HighLatency: p99 above 1s on api`. */
function titleOf(alert: NormalizedAlert): string {
  const name = labelValue(alert.labels, 'alertname')?.trim() ?? '';
  const summary =
    (Object.hasOwn(alert.annotations, 'summary') ? alert.annotations.summary : undefined)?.trim() ?? '';
  const title =
    name !== '' && summary !== '' && summary !== name
      ? `${name}: ${summary}`
      : summary || name || `Alert ${alert.fingerprint}`;
  return title.length > 300 ? `${title.slice(0, 299)}…` : title;
}

/** A stored JSON array of service names; anything else reads as none. */
export function parseServices(text: string): string[] {
  try {
    const value: unknown = JSON.parse(text);
    return Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : [];
  } catch {
    return [];
  }
}

/** A stored JSON object of strings (labels, annotations); anything else reads as empty. */
export function parseLabels(text: string): Record<string, string> {
  try {
    const value: unknown = JSON.parse(text);
    if (value === null || typeof value !== 'object' || Array.isArray(value)) return {};
    const labels: Record<string, string> = {};
    for (const [name, item] of Object.entries(value)) {
      if (typeof item === 'string') setOwn(labels, name, item);
    }
    return labels;
  } catch {
    return {};
  }
}
