import type { Kysely } from 'kysely';
import type { Database } from '../../store/index.ts';
import { fromHistoryRow, type PastIncident } from './past-incident.ts';

const chunkSize = 500;

/** The past incidents with these ids (those that exist), by id. */
export async function loadPastIncidents(
  db: Kysely<Database>,
  ids: readonly string[],
): Promise<Map<string, PastIncident>> {
  const found = new Map<string, PastIncident>();
  const unique = [...new Set(ids)];
  for (let start = 0; start < unique.length; start += chunkSize) {
    const rows = await db
      .selectFrom('incident_history')
      .selectAll()
      .where('id', 'in', unique.slice(start, start + chunkSize))
      .execute();
    for (const row of rows) found.set(row.id, fromHistoryRow(row));
  }
  return found;
}
