import type { Kysely } from 'kysely';
import type { Database } from '../../store/index.ts';

export interface NoiseReductionOptions {
  /** Alerts first received at or after this time (ms). */
  since: number;
}

export interface NoiseReduction {
  /** Distinct alerts received since then that joined an incident (a repeated notification is one alert). */
  alerts: number;
  /** Incidents those alerts joined. */
  incidents: number;
  /** alerts ÷ incidents; null without incidents. */
  ratio: number | null;
}

/**
 * How much grouping spared people: alerts in, incidents out. Resolved alerts Steward never saw firing
 * joined no incident and are not counted.
 */
export async function noiseReduction(
  db: Kysely<Database>,
  options: NoiseReductionOptions,
): Promise<NoiseReduction> {
  const row = await db
    .selectFrom('incident_alerts')
    .select((eb) => [
      eb.fn.countAll<number | string>().as('alerts'),
      eb.fn.count<number | string>('incident_id').distinct().as('incidents'),
    ])
    .where('received_at_ms', '>=', options.since)
    .where('incident_id', '<>', '')
    .executeTakeFirstOrThrow();
  const alerts = Number(row.alerts);
  const incidents = Number(row.incidents);
  return { alerts, incidents, ratio: incidents === 0 ? null : alerts / incidents };
}
