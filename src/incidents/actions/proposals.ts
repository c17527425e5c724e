import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database, IncidentProposalsTable } from '../../store/index.ts';
import type { ActionEvidenceIncident, RankedAction } from './rank-actions.ts';

const noEvidence = { incidents: [], tries: 0, worked: 0 };

/**
 * The `incident_proposals` rows for the ranked actions whose kind touches production (one of
 * `productionActions`, incidents.production_actions), status `proposed`: they wait for the approval
 * gate. Nothing is ever executed here. One row per action text (the first, best ranked, wins).
 */
export function toProposals(
  incidentId: string,
  ranked: readonly RankedAction[],
  productionActions: readonly string[],
  now: number,
): IncidentProposalsTable[] {
  const production = new Set(productionActions);
  const rows: IncidentProposalsTable[] = [];
  const seen = new Set<string>();
  for (const action of ranked) {
    if (!production.has(action.kind) || seen.has(action.action)) continue;
    seen.add(action.action);
    rows.push({
      id: randomBytes(4).toString('hex'),
      incident_id: incidentId,
      action: action.action,
      kind: action.kind,
      target: action.target ?? null,
      rationale: rationale(action),
      evidence: JSON.stringify({ ...(action.evidence ?? noEvidence), score: action.score }),
      origin: action.origin,
      status: 'proposed',
      created_at_ms: now,
      approval_request_id: null,
      outcome_reason: null,
    });
  }
  return rows;
}

/** Why an action is proposed, for the person at the approval gate. */
export function rationale(action: RankedAction): string {
  const evidence = action.evidence;
  if (action.origin === 'model' || evidence === null || evidence.tries === 0) {
    return 'Suggested by the model; no similar past incident supports it.';
  }
  const tried = evidence.incidents
    .slice(0, 5)
    .map(
      (incident) =>
        `${incident.id} ${describeOutcome(incident)}, similarity ${incident.similarity.toFixed(2)}`,
    )
    .join('; ');
  const more = evidence.incidents.length > 5 ? `; and ${evidence.incidents.length - 5} more` : '';
  const incidents = evidence.tries === 1 ? 'similar past incident' : 'similar past incidents';
  return (
    `Resolved ${evidence.worked} of ${evidence.tries} ${incidents} within ${evidence.resolutionMinutes} minutes ` +
    `of being taken (${tried}${more}); score ${action.score.toFixed(2)}.`
  );
}

function describeOutcome(incident: ActionEvidenceIncident): string {
  if (incident.worked) return 'worked';
  if (incident.outcome === 'resolved' && incident.minutesToResolve !== null && incident.minutes !== null) {
    return `resolved ${Math.round(incident.minutesToResolve - incident.minutes)} minutes later`;
  }
  return incident.outcome.replace('_', ' ');
}

export interface SaveProposalsResult {
  /** Rows stored now. */
  saved: IncidentProposalsTable[];
  /** Rows skipped: the incident already had a proposal with that action. */
  existing: number;
}

/** Stores proposals in one transaction; idempotent by (incident, action): an existing one is kept as it is. */
export async function saveProposals(
  db: Kysely<Database>,
  rows: readonly IncidentProposalsTable[],
): Promise<SaveProposalsResult> {
  if (rows.length === 0) return { saved: [], existing: 0 };
  return db.transaction().execute(async (trx) => {
    const saved: IncidentProposalsTable[] = [];
    for (const row of rows) {
      const result = await trx
        .insertInto('incident_proposals')
        .values(row)
        .onConflict((conflict) => conflict.doNothing())
        .executeTakeFirst();
      if ((result.numInsertedOrUpdatedRows ?? 0n) > 0n) saved.push(row);
    }
    return { saved, existing: rows.length - saved.length };
  });
}
