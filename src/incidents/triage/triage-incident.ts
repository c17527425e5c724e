import type { Kysely } from 'kysely';
import type { Notifier } from '../../budget/index.ts';
import type { StewardConfig } from '../../config/index.ts';
import { createMeter, providerSettingsFor, unreadyTiers } from '../../llm/meter/index.ts';
import type { PriceBook } from '../../llm/prices/index.ts';
import type { Database } from '../../store/index.ts';
import { getIncident, type IncidentDetail } from '../grouping/incident-queries.ts';
import type { SimilarIncident, SimilarityIndex } from '../history/index.ts';
import { incidentFacts } from './incident-facts.ts';
import type { IncidentTriage } from './incident-triage.ts';
import { modelTriage } from './model-summary.ts';
import { ruleTriage } from './rule-triage.ts';

/** What triage draws on besides the incident: history, runbooks, ranked actions, a model. */
export interface TriageContext {
  db: Kysely<Database>;
  config: StewardConfig;
  env: NodeJS.ProcessEnv;
  priceBook: PriceBook;
  similarity: SimilarityIndex;
  /** Runbooks matching the incident's alerts, with why. */
  runbooksFor(detail: IncidentDetail): Promise<IncidentTriage['runbooks']>;
  /** Actions of the similar past incidents, ranked; proposals stored for those touching production. */
  actionsFor(
    detail: IncidentDetail,
    similar: readonly SimilarIncident[],
    modelSuggestion: string | undefined,
  ): Promise<{ actions: IncidentTriage['actions']; proposals: number }>;
  notify?: Notifier;
  now: () => number;
}

/**
 * Triage of one incident: severity (from grouping's rules), a likely cause and confidence from rules,
 * the five most similar past incidents, matching runbooks, and actions ranked by how often they
 * resolved similar incidents. A model adds a summary (and a suggestion when history has no action)
 * only when a provider is configured, through the meter under `incident:<id>` and the incidents
 * agent's budgets; without one, triage stands on rules. Stores and returns the result.
 */
export async function triageIncident(
  context: TriageContext,
  incidentId: string,
): Promise<IncidentTriage | undefined> {
  const detail = await getIncident(context.db, incidentId);
  if (detail === undefined) return undefined;
  const { incident, alerts } = detail;
  const incidentsConfig = context.config.incidents;
  const notes: string[] = [];
  const rules = ruleTriage(
    alerts.map((alert) => ({
      labels: alert.labels,
      annotations: alert.annotations,
      startsAt: alert.startsAtMs,
      status: alert.status,
    })),
    incidentsConfig,
  );
  const firstLabels = alerts[0]?.labels ?? {};
  const similar = await context.similarity.search(
    {
      title: incident.title,
      summary: alerts
        .map((alert) => alert.annotations.summary ?? alert.annotations.description ?? '')
        .join(' '),
      labels: firstLabels,
      services: incident.services,
    },
    5,
  );
  const runbooks = await context.runbooksFor(detail);

  let model: Awaited<ReturnType<typeof modelTriage>>['triage'];
  const tier = incidentsConfig.tier;
  const unready = unreadyTiers(context.config, providerSettingsFor(context.config, context.env), [tier]);
  if (unready.length > 0) {
    notes.push(
      `no model provider for tier ${tier} (set ${unready[0]!.variables.join(' or ')}): triage from rules and history only`,
    );
  } else {
    const meter = createMeter({
      config: context.config,
      env: context.env,
      db: context.db,
      priceBook: context.priceBook,
      ...(context.notify === undefined ? {} : { notify: context.notify }),
      now: context.now,
    });
    const answer = await modelTriage(meter, {
      incidentId: incident.id,
      tier,
      facts: incidentFacts(detail, rules, similar),
    });
    model = answer.triage;
    if (answer.reason !== undefined) notes.push(answer.reason);
  }
  const { actions, proposals } = await context.actionsFor(
    detail,
    similar,
    model === undefined ? undefined : model.suggested_action,
  );
  const triage: IncidentTriage = {
    severity: incident.severity,
    ...(rules === undefined ? {} : { likelyCause: rules.likelyCause, confidence: rules.confidence }),
    basis: rules?.basis ?? 'no alerts',
    ...(model === undefined
      ? { summary: ruleSummary(detail), summaryBy: 'rules' as const }
      : {
          summary: model.summary,
          summaryBy: 'model' as const,
          model: model.model,
          costMicros: model.costMicros,
        }),
    similar: similar.map((entry) => ({
      id: entry.id,
      title: entry.title,
      score: entry.score,
      matched: [...entry.matched],
    })),
    runbooks,
    actions,
    proposals,
    notes,
    triagedAt: context.now(),
  };
  // A model's view of the cause is kept beside the rules' one, never silently over it.
  if (
    model !== undefined &&
    model.likely_cause !== '' &&
    rules?.confidence !== undefined &&
    model.confidence > rules.confidence
  ) {
    triage.likelyCause = model.likely_cause;
    triage.confidence = model.confidence;
    triage.basis = `model ${model.model} (rules said: ${rules.likelyCause})`;
  }
  await context.db
    .updateTable('incidents')
    .set({ triage: JSON.stringify(triage), updated_at_ms: context.now() })
    .where('id', '=', incident.id)
    .execute();
  return triage;
}

/** A summary without a model: what fired, where, since when. */
function ruleSummary(detail: IncidentDetail): string {
  const { incident, alerts } = detail;
  const names = [
    ...new Set(alerts.map((alert) => alert.alertname).filter((name): name is string => name !== null)),
  ];
  const firing = alerts.filter((alert) => alert.status === 'firing').length;
  return `${alerts.length} alert(s) (${firing} firing): ${names.slice(0, 5).join(', ')}${names.length > 5 ? ', …' : ''} on ${incident.services.join(', ') || 'unknown services'}.`;
}
