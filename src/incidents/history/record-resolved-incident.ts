import type { Kysely } from 'kysely';
import { z } from 'zod';
import { ExitCode, StewardError } from '../../errors/index.ts';
import type { Database } from '../../store/index.ts';
import type { ActionTaken } from './action-taken.ts';
import { importHistory } from './import-history.ts';
import { loadPastIncidents } from './load-past-incidents.ts';
import { type PastIncident, type PastIncidentInput, parseJson } from './past-incident.ts';
import type { SimilarityIndex } from './similarity-index.ts';

export interface RecordResolvedIncidentOptions {
  now: number;
  /** What happened; default: the triage summary, else the title. */
  summary?: string;
  /** Default: the triage's likely cause, else empty. */
  rootCause?: string;
  /** What responders did and what came of it (`minutes` after the incident opened). */
  actions?: readonly ActionTaken[];
  /** Default: the labels every alert of the incident shares. */
  labels?: Readonly<Record<string, string>>;
  /** Also added to this index (it is in the store either way). */
  index?: SimilarityIndex;
}

/** The incident does not exist, or is not resolved yet. */
export class IncidentNotResolvedError extends StewardError {
  override readonly exitCode = ExitCode.usage;
}

const triageText = z
  .object({
    summary: z.string().optional().catch(undefined),
    likelyCause: z.string().optional().catch(undefined),
    likely_cause: z.string().optional().catch(undefined),
  })
  .catch({});

/** The id of a Steward incident in history: `steward-` and its id, so it cannot collide with imported ids. */
export function historyIdOf(incidentId: string): string {
  return `steward-${incidentId}`;
}

/**
 * Makes a resolved Steward incident a past incident (`steward-<id>`), so that later incidents find it
 * and rank its actions: title, services and time from the `incidents` row, minutes to resolve from
 * opened to resolved, labels shared by all its alerts, summary and root cause from its triage unless
 * given. Recording it again replaces it (say, once its actions are known).
 * Throws IncidentNotResolvedError for an unknown or still open incident.
 */
export async function recordResolvedIncident(
  db: Kysely<Database>,
  incidentId: string,
  options: RecordResolvedIncidentOptions,
): Promise<PastIncident> {
  const incident = await db
    .selectFrom('incidents')
    .selectAll()
    .where('id', '=', incidentId)
    .executeTakeFirst();
  if (incident === undefined) {
    throw new IncidentNotResolvedError(`No incident has the id "${incidentId}".`);
  }
  if (incident.status !== 'resolved' || incident.resolved_at_ms == null) {
    throw new IncidentNotResolvedError(
      `Incident ${incidentId} is not resolved yet; only resolved incidents join history.`,
      {
        hint: 'Record it once its alerts have resolved (or it was resolved by hand).',
      },
    );
  }
  const triage = triageText.parse(incident.triage == null ? {} : parseJson(incident.triage));
  const labels = options.labels ?? (await sharedLabels(db, incidentId));
  const services = z.array(z.string()).catch([]).parse(parseJson(incident.services));
  const openedAt = Number(incident.opened_at_ms);
  const minutes = Math.max(0, Math.round((Number(incident.resolved_at_ms) - openedAt) / 6_000) / 10);
  const input: PastIncidentInput = {
    id: historyIdOf(incidentId),
    title: incident.title,
    services,
    labels: { ...labels },
    summary: nonEmpty(options.summary) ?? nonEmpty(triage.summary) ?? incident.title,
    root_cause: nonEmpty(options.rootCause) ?? nonEmpty(triage.likelyCause ?? triage.likely_cause) ?? '',
    actions: [...(options.actions ?? [])],
    resolved: true,
    minutes_to_resolve: minutes,
    occurred_at: new Date(openedAt).toISOString(),
  };
  await importHistory(db, [input], options.now);
  const stored = (await loadPastIncidents(db, [input.id!])).get(input.id!)!;
  await options.index?.add(stored);
  return stored;
}

function nonEmpty(text: string | undefined): string | undefined {
  return text === undefined || text.trim() === '' ? undefined : text.trim();
}

/** The labels (name and value) every alert of the incident has. */
async function sharedLabels(db: Kysely<Database>, incidentId: string): Promise<Record<string, string>> {
  const rows = await db
    .selectFrom('incident_alerts')
    .select('labels')
    .where('incident_id', '=', incidentId)
    .execute();
  const labelSets = rows.map((row) =>
    z.record(z.string(), z.string()).catch({}).parse(parseJson(row.labels)),
  );
  const [first, ...rest] = labelSets;
  if (first === undefined) return {};
  return Object.fromEntries(
    Object.entries(first).filter(([name, value]) => rest.every((labels) => labels[name] === value)),
  );
}
