import type { ActionKind, ActionOutcome, ActionTaken, PastIncident } from '../history/index.ts';
import { inferActionKind, normalizeActionText } from './normalize-action.ts';

/** A similar past incident with what ranking needs of it. */
export interface ScoredPastIncident {
  id: string;
  title: string;
  /** Similarity to the new incident, 0..1 (`SimilarIncident.score`): the weight of its evidence. */
  score: number;
  actions: readonly ActionTaken[];
  minutesToResolve: number | null;
}

export interface ActionEvidenceIncident {
  id: string;
  title: string;
  outcome: ActionOutcome;
  minutesToResolve: number | null;
  /** Minutes after the incident started when the action was taken, when known. */
  minutes: number | null;
  similarity: number;
  /** Resolved within `resolutionMinutes` of the action. */
  worked: boolean;
}

/** The similar past incidents behind a ranked action. */
export interface ActionEvidence {
  incidents: ActionEvidenceIncident[];
  /** Past incidents it was tried in, and in how many it worked. */
  tries: number;
  worked: number;
  /** The same, each incident counted by its similarity. */
  weightedTries: number;
  weightedWorked: number;
  resolutionMinutes: number;
}

export interface RankedAction {
  /** Normalised text (`normalizeActionText`). */
  action: string;
  kind: ActionKind;
  target?: string;
  /** `history`: ranked from similar past incidents; `model`: a model's suggestion, without evidence. */
  origin: 'history' | 'model';
  /** What it is ranked by: the Wilson lower bound of its weighted success rate (README.md); 0 for `model`. */
  score: number;
  evidence: ActionEvidence | null;
}

export interface RankActionsOptions {
  /** An action worked when the incident resolved within this many minutes of it (incidents.resolution_minutes). */
  resolutionMinutes: number;
  /** At most this many actions (all by default). */
  limit?: number;
}

/** z of the Wilson bound: a one-sided 95% lower bound. */
const z = 1.645;

/**
 * Lower bound of the Wilson score interval of `worked` successes in `tries` trials (both may be
 * fractional: similarity-weighted counts). 0 when nothing was tried.
 */
export function wilsonLowerBound(worked: number, tries: number): number {
  if (tries <= 0) return 0;
  const rate = Math.min(1, Math.max(0, worked / tries));
  const z2 = z * z;
  const centre = rate + z2 / (2 * tries);
  const margin = z * Math.sqrt((rate * (1 - rate)) / tries + z2 / (4 * tries * tries));
  return Math.max(0, (centre - margin) / (1 + z2 / tries));
}

/** Whether an action worked: its outcome was `resolved` and (when both are known) resolution came in time. */
export function actionWorked(
  action: ActionTaken,
  minutesToResolve: number | null,
  resolutionMinutes: number,
): boolean {
  if (action.outcome !== 'resolved') return false;
  if (minutesToResolve == null || action.minutes === undefined) return true;
  return minutesToResolve - action.minutes <= resolutionMinutes;
}

/** The key an action is known by across incidents: normalised text, kind and target. */
function actionKey(text: string, kind: ActionKind, target: string | undefined): string {
  return JSON.stringify([text, kind, target?.toLowerCase() ?? null]);
}

/**
 * Ranks the actions taken in similar past incidents by how often they were followed by resolution
 * within `resolutionMinutes`, each incident weighted by its similarity: the Wilson lower bound of
 * (Σ similarity of incidents where it worked) / (Σ similarity of incidents where it was tried).
 * An action taken twice in one incident counts once (as worked if either time did). Incidents with
 * similarity 0 count for nothing. Ties: more weighted successes, more tries, then text.
 */
export function rankActions(
  similar: readonly ScoredPastIncident[],
  options: RankActionsOptions,
): RankedAction[] {
  const ranked = new Map<string, RankedAction & { evidence: ActionEvidence }>();
  for (const incident of similar) {
    const similarity = Math.min(1, Math.max(0, incident.score));
    if (similarity === 0) continue;
    const seen = new Map<string, ActionEvidenceIncident>();
    for (const taken of incident.actions) {
      const text = normalizeActionText(taken.action);
      if (text === '') continue;
      const kind = taken.kind ?? inferActionKind(text);
      const key = actionKey(text, kind, taken.target);
      const worked = actionWorked(taken, incident.minutesToResolve, options.resolutionMinutes);
      const earlier = seen.get(key);
      if (earlier !== undefined) {
        if (worked && !earlier.worked) {
          Object.assign(earlier, { worked, outcome: taken.outcome, minutes: taken.minutes ?? null });
        }
        continue;
      }
      const entry: ActionEvidenceIncident = {
        id: incident.id,
        title: incident.title,
        outcome: taken.outcome,
        minutesToResolve: incident.minutesToResolve,
        minutes: taken.minutes ?? null,
        similarity,
        worked,
      };
      seen.set(key, entry);
      let action = ranked.get(key);
      if (action === undefined) {
        action = {
          action: text,
          kind,
          ...(taken.target === undefined ? {} : { target: taken.target }),
          origin: 'history',
          score: 0,
          evidence: {
            incidents: [],
            tries: 0,
            worked: 0,
            weightedTries: 0,
            weightedWorked: 0,
            resolutionMinutes: options.resolutionMinutes,
          },
        };
        ranked.set(key, action);
      }
      action.evidence.incidents.push(entry);
    }
  }
  const actions = [...ranked.values()];
  for (const action of actions) {
    const evidence = action.evidence;
    evidence.incidents.sort((a, b) => b.similarity - a.similarity || Number(b.worked) - Number(a.worked));
    evidence.tries = evidence.incidents.length;
    evidence.worked = evidence.incidents.filter((incident) => incident.worked).length;
    evidence.weightedTries = round(
      evidence.incidents.reduce((sum, incident) => sum + incident.similarity, 0),
    );
    evidence.weightedWorked = round(
      evidence.incidents.reduce((sum, incident) => sum + (incident.worked ? incident.similarity : 0), 0),
    );
    action.score = round(wilsonLowerBound(evidence.weightedWorked, evidence.weightedTries));
  }
  actions.sort(
    (a, b) =>
      b.score - a.score ||
      b.evidence.weightedWorked - a.evidence.weightedWorked ||
      b.evidence.tries - a.evidence.tries ||
      (a.action < b.action ? -1 : a.action > b.action ? 1 : 0),
  );
  return options.limit === undefined ? actions : actions.slice(0, options.limit);
}

/**
 * Joins search results with the past incidents they name (`loadPastIncidents`), in the results' order;
 * results whose incident is gone are skipped.
 */
export function scoredPastIncidents(
  similar: readonly { id: string; score: number }[],
  pastIncidents: ReadonlyMap<string, Pick<PastIncident, 'id' | 'title' | 'actions' | 'minutesToResolve'>>,
): ScoredPastIncident[] {
  return similar.flatMap((result) => {
    const incident = pastIncidents.get(result.id);
    return incident === undefined
      ? []
      : [
          {
            id: incident.id,
            title: incident.title,
            score: result.score,
            actions: incident.actions,
            minutesToResolve: incident.minutesToResolve,
          },
        ];
  });
}

function round(value: number): number {
  return Math.round(value * 10_000) / 10_000;
}
