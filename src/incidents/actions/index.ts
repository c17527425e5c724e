export { sendNextProposal } from './gate-proposals.ts';
export { modelSuggestion } from './model-suggestion.ts';
export { inferActionKind, normalizeActionText } from './normalize-action.ts';
export { rationale, type SaveProposalsResult, saveProposals, toProposals } from './proposals.ts';
export {
  type ActionEvidence,
  type ActionEvidenceIncident,
  actionWorked,
  type RankActionsOptions,
  type RankedAction,
  rankActions,
  type ScoredPastIncident,
  scoredPastIncidents,
  wilsonLowerBound,
} from './rank-actions.ts';
