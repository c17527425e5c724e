import type { Kysely } from 'kysely';
import type { IncidentsConfig } from '../../config/index.ts';
import { enqueueJob } from '../../jobs/index.ts';
import type { Database, StoreDialect } from '../../store/index.ts';
import type { NormalizedAlert } from '../alerts/normalized-alert.ts';
import { type IngestResult, ingestAlerts } from '../grouping/ingest-alerts.ts';
import { triageIncidentJob } from './triage-job.ts';

/**
 * Stores alerts and queues the triage of every incident they opened or changed, in one transaction:
 * a delivery is either wholly stored with its follow-up work, or not at all. A triage already queued
 * for the same incident state is not queued twice.
 */
export async function storeAlerts(
  db: Kysely<Database>,
  dialect: StoreDialect,
  options: { config: IncidentsConfig; alerts: readonly NormalizedAlert[]; now: number },
): Promise<{ result: IngestResult; queued: number }> {
  return db.transaction().execute(async (transaction) => {
    const result = await ingestAlerts(transaction, { ...options, dialect });
    let queued = 0;
    for (const incident of result.incidents) {
      const job = await enqueueJob(transaction, {
        kind: triageIncidentJob,
        payload: { incidentId: incident.id, isNew: incident.created },
        dedupeKey: `triage:${incident.id}:${incident.alertCount}:${incident.status}`,
        now: options.now,
      });
      if (job.created) queued += 1;
    }
    return { result, queued };
  });
}
