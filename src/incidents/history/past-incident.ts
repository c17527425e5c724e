import { createHash } from 'node:crypto';
import { z } from 'zod';
import type { IncidentHistoryTable } from '../../store/index.ts';
import { type ActionTaken, actionTakenSchema } from './action-taken.ts';

const isoDate = z.union(
  [z.iso.datetime({ offset: true }), z.iso.date()],
  'expected an ISO 8601 date, such as 2024-03-01T14:05:00Z or 2024-03-01',
);

/** One past incident as a history file holds it (JSON element or CSV row, once decoded). */
export const pastIncidentSchema = z
  .strictObject({
    id: z.string().trim().min(1).max(200).nullish(),
    title: z.string().trim().min(1, 'expected a title').max(500),
    services: z.array(z.string().trim().min(1).max(200)).default([]),
    labels: z.record(z.string().trim().min(1).max(200), z.string().max(1_000)).default({}),
    summary: z.string().trim().min(1, 'expected a summary').max(20_000),
    root_cause: z.string().trim().max(20_000).nullish(),
    actions: z.array(actionTakenSchema).default([]),
    resolved: z.boolean('expected true or false'),
    minutes_to_resolve: z.number('expected a number of minutes').finite().min(0).nullish(),
    occurred_at: isoDate.nullish(),
  })
  .transform((row): PastIncidentInput => {
    const { id, root_cause, minutes_to_resolve, occurred_at, ...rest } = row;
    return {
      ...(id == null ? {} : { id }),
      ...rest,
      root_cause: root_cause ?? '',
      ...(minutes_to_resolve == null ? {} : { minutes_to_resolve }),
      ...(occurred_at == null ? {} : { occurred_at }),
    };
  });

/** A validated past incident, ready for `importHistory`. */
export interface PastIncidentInput {
  /** Without one, the incident is known by a hash of its content. */
  id?: string;
  title: string;
  services: string[];
  labels: Record<string, string>;
  summary: string;
  root_cause: string;
  actions: ActionTaken[];
  resolved: boolean;
  minutes_to_resolve?: number;
  /** ISO 8601. */
  occurred_at?: string;
}

/** A past incident as the store holds it. */
export interface PastIncident {
  id: string;
  title: string;
  services: string[];
  labels: Record<string, string>;
  summary: string;
  rootCause: string;
  actions: ActionTaken[];
  resolved: boolean;
  minutesToResolve: number | null;
  /** Epoch milliseconds. */
  occurredAt: number | null;
  importedAt: number;
}

/**
 * The id of a past incident: its own, else `h-` and 16 hexadecimal characters of the SHA-256 of its
 * content (title, services, labels, summary, root cause, actions, resolved, minutes, date), so that
 * importing the same file twice finds the same rows.
 */
export function pastIncidentId(incident: PastIncidentInput): string {
  if (incident.id !== undefined) return incident.id;
  const row = toHistoryRow(incident, 0);
  const content = JSON.stringify([
    row.title,
    row.services,
    row.labels,
    row.summary,
    row.root_cause,
    row.actions,
    row.resolved,
    row.minutes_to_resolve,
    row.occurred_at_ms,
  ]);
  return `h-${createHash('sha256').update(content).digest('hex').slice(0, 16)}`;
}

/** The `incident_history` row of a past incident (JSON columns with sorted label keys). */
export function toHistoryRow(incident: PastIncidentInput, now: number): IncidentHistoryTable {
  return {
    id: incident.id ?? '',
    title: incident.title,
    services: JSON.stringify(incident.services),
    labels: JSON.stringify(
      Object.fromEntries(Object.entries(incident.labels).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))),
    ),
    summary: incident.summary,
    root_cause: incident.root_cause,
    actions: JSON.stringify(incident.actions.map(compactAction)),
    resolved: incident.resolved ? 1 : 0,
    minutes_to_resolve: incident.minutes_to_resolve ?? null,
    occurred_at_ms: incident.occurred_at === undefined ? null : Date.parse(incident.occurred_at),
    imported_at_ms: now,
  };
}

function compactAction(action: ActionTaken): ActionTaken {
  return {
    action: action.action,
    ...(action.kind === undefined ? {} : { kind: action.kind }),
    ...(action.target === undefined ? {} : { target: action.target }),
    outcome: action.outcome,
    ...(action.minutes === undefined ? {} : { minutes: action.minutes }),
  };
}

const storedActions = z.array(actionTakenSchema).catch([]);
const storedStrings = z.array(z.string()).catch([]);
const storedLabels = z.record(z.string(), z.string()).catch({});

/** Reads an `incident_history` row; JSON columns that do not parse read as empty. */
export function fromHistoryRow(row: IncidentHistoryTable): PastIncident {
  return {
    id: row.id,
    title: row.title,
    services: storedStrings.parse(parseJson(row.services)),
    labels: storedLabels.parse(parseJson(row.labels)),
    summary: row.summary,
    rootCause: row.root_cause,
    actions: storedActions.parse(parseJson(row.actions)),
    resolved: Number(row.resolved) === 1,
    minutesToResolve: row.minutes_to_resolve == null ? null : Number(row.minutes_to_resolve),
    occurredAt: row.occurred_at_ms == null ? null : Number(row.occurred_at_ms),
    importedAt: Number(row.imported_at_ms),
  };
}

export function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
