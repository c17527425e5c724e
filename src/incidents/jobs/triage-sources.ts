import { isAbsolute, join } from 'node:path';
import {
  modelSuggestion,
  type RankedAction,
  rankActions,
  saveProposals,
  scoredPastIncidents,
  sendNextProposal,
  toProposals,
} from '../actions/index.ts';
import { createSimilarityIndex, loadPastIncidents, type SimilarityIndex } from '../history/index.ts';
import { type LoadedRunbooks, loadRunbooks, matchRunbooks } from '../runbooks/index.ts';
import type { IncidentTriage } from '../triage/incident-triage.ts';
import type { TriageContext } from '../triage/triage-incident.ts';
import type { IncidentJobContext } from './incident-job-context.ts';

const shownActions = 10;

/**
 * History, runbooks and action ranking for triage, loaded once per process. The similarity index is
 * rebuilt when the history table changed behind it (an import by another process); runbooks are read
 * again when the last read failed.
 */
export function triageSources(
  context: IncidentJobContext,
): Pick<TriageContext, 'similarity' | 'runbooksFor' | 'actionsFor'> {
  const incidentsConfig = context.config.incidents;
  let index: SimilarityIndex | undefined;
  let indexed = -1;
  const similarity: SimilarityIndex = {
    async search(query, limit) {
      const row = await context.db
        .selectFrom('incident_history')
        .select((eb) => eb.fn.countAll<number>().as('count'))
        .executeTakeFirstOrThrow();
      const stored = Number(row.count);
      if (index === undefined || stored !== indexed) {
        index = createSimilarityIndex(context.db);
        indexed = stored;
      }
      return index.search(query, limit);
    },
    add: async (incident) => index?.add(incident),
    size: async () => (index === undefined ? 0 : index.size()),
  };

  const dir = incidentsConfig.runbooks_dir;
  const directory = dir === undefined ? undefined : isAbsolute(dir) ? dir : join(context.root, dir);
  let runbooks: Promise<LoadedRunbooks> | undefined;
  const runbooksFor: TriageContext['runbooksFor'] = async (detail) => {
    if (directory === undefined) return [];
    runbooks ??= loadRunbooks(directory).then((loaded) => {
      for (const problem of loaded.problems) context.logger.warn({ problem }, 'runbook skipped');
      return loaded;
    });
    let loaded: LoadedRunbooks;
    try {
      loaded = await runbooks;
    } catch (error) {
      runbooks = undefined;
      context.logger.warn({ err: error }, 'runbooks could not be read');
      return [];
    }
    const seen = new Set<string>();
    const matches: IncidentTriage['runbooks'] = [];
    for (const alert of detail.alerts) {
      for (const match of matchRunbooks(loaded.runbooks, alert, {
        serviceLabel: incidentsConfig.service_label,
      })) {
        if (seen.has(match.runbook.path)) continue;
        seen.add(match.runbook.path);
        matches.push({ path: match.runbook.path, title: match.runbook.title, reason: match.reason });
      }
    }
    return matches;
  };

  const actionsFor: TriageContext['actionsFor'] = async (detail, similar, suggestion) => {
    const past = await loadPastIncidents(
      context.db,
      similar.map((entry) => entry.id),
    );
    let ranked = rankActions(scoredPastIncidents(similar, past), {
      resolutionMinutes: incidentsConfig.resolution_minutes,
    });
    if (ranked.length === 0 && suggestion !== undefined && suggestion.trim() !== '')
      ranked = [modelSuggestion(suggestion)];
    const shown = ranked.slice(0, shownActions);
    const proposals = toProposals(
      detail.incident.id,
      shown,
      incidentsConfig.production_actions,
      context.now(),
    );
    await saveProposals(context.db, proposals);
    if (context.approvals !== undefined) {
      const sent = await sendNextProposal(context.approvals, detail.incident.id);
      if (sent !== undefined)
        context.logger.info({ incident: detail.incident.id, request: sent.request.id }, sent.message);
    }
    return { actions: shown.map(describeAction), proposals: proposals.length };
  };

  return { similarity, runbooksFor, actionsFor };
}

function describeAction(action: RankedAction): IncidentTriage['actions'][number] {
  const evidence = action.evidence;
  const line =
    action.origin === 'model' || evidence === null
      ? `${action.action} [${action.kind}] — suggested by a model; no past incident supports it`
      : `${action.action} [${action.kind}] — worked in ${evidence.worked} of ${evidence.tries} similar incident(s) within ${evidence.resolutionMinutes} min (score ${action.score.toFixed(2)}): ${evidence.incidents
          .slice(0, 3)
          .map((incident) => incident.id)
          .join(', ')}`;
  return {
    action: action.action,
    kind: action.kind,
    origin: action.origin,
    tries: evidence?.tries ?? 0,
    worked: evidence?.worked ?? 0,
    score: action.score,
    incidents: evidence?.incidents.map((incident) => incident.id) ?? [],
    line,
  };
}
