import type { Kysely } from 'kysely';
import type { Database, IncidentHistoryTable } from '../../store/index.ts';
import { formatFieldPath, HistoryImportError, type HistoryIssue } from './history-import-error.ts';
import { type PastIncidentInput, pastIncidentId, pastIncidentSchema, toHistoryRow } from './past-incident.ts';

export interface ImportHistoryResult {
  /** New past incidents. */
  imported: number;
  /** Past incidents already known by their id whose content changed. */
  updated: number;
  /** Past incidents already known with the same content. */
  unchanged: number;
}

/** Rows per multi-row insert (11 parameters each: well under SQLite's and PostgreSQL's limits). */
const chunkSize = 400;

/**
 * Adds past incidents to `incident_history`, in one transaction: all of them or none. Idempotent: an
 * incident is known by its `id`, else by a hash of its content (`pastIncidentId`); a known one is
 * updated only when its content changed. The incidents are validated again (so callers that build
 * them by hand get the same errors as a file would); a bad one throws HistoryImportError.
 * When the same id appears twice, the last one wins.
 */
export async function importHistory(
  db: Kysely<Database>,
  incidents: readonly PastIncidentInput[],
  now: number,
): Promise<ImportHistoryResult> {
  const issues: HistoryIssue[] = [];
  const rows = new Map<string, IncidentHistoryTable>();
  incidents.forEach((incident, index) => {
    const parsed = pastIncidentSchema.safeParse(incident);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        issues.push({ file: 'history', index, field: formatFieldPath(issue.path), message: issue.message });
      }
      return;
    }
    const id = pastIncidentId(parsed.data);
    rows.set(id, { ...toHistoryRow(parsed.data, now), id });
  });
  if (issues.length > 0) throw new HistoryImportError(issues);

  return db.transaction().execute(async (trx) => {
    const result: ImportHistoryResult = { imported: 0, updated: 0, unchanged: 0 };
    const all = [...rows.values()];
    for (let start = 0; start < all.length; start += chunkSize) {
      const chunk = all.slice(start, start + chunkSize);
      const existing = new Map(
        (
          await trx
            .selectFrom('incident_history')
            .selectAll()
            .where(
              'id',
              'in',
              chunk.map((row) => row.id),
            )
            .execute()
        ).map((row) => [row.id, row]),
      );
      const fresh = chunk.filter((row) => !existing.has(row.id));
      if (fresh.length > 0) await trx.insertInto('incident_history').values(fresh).execute();
      result.imported += fresh.length;
      for (const row of chunk) {
        const before = existing.get(row.id);
        if (before === undefined) continue;
        if (sameContent(before, row)) {
          result.unchanged++;
          continue;
        }
        const { id, ...changes } = row;
        await trx.updateTable('incident_history').set(changes).where('id', '=', id).execute();
        result.updated++;
      }
    }
    return result;
  });
}

function sameContent(before: IncidentHistoryTable, after: IncidentHistoryTable): boolean {
  const minutes = (value: number | null) => (value == null ? null : Number(value));
  const beforeMinutes = minutes(before.minutes_to_resolve);
  const afterMinutes = minutes(after.minutes_to_resolve);
  return (
    before.title === after.title &&
    before.services === after.services &&
    before.labels === after.labels &&
    before.summary === after.summary &&
    before.root_cause === after.root_cause &&
    before.actions === after.actions &&
    Number(before.resolved) === after.resolved &&
    (beforeMinutes === null || afterMinutes === null
      ? beforeMinutes === afterMinutes
      : Math.abs(beforeMinutes - afterMinutes) < 1e-3) &&
    (before.occurred_at_ms == null ? null : Number(before.occurred_at_ms)) === after.occurred_at_ms
  );
}
