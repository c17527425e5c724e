export {
  type ActionKind,
  type ActionOutcome,
  type ActionTaken,
  actionKinds,
  actionOutcomes,
  actionTakenSchema,
} from './action-taken.ts';
export {
  formatHistoryIssue,
  HistoryImportError,
  type HistoryIssue,
} from './history-import-error.ts';
export { type ImportHistoryResult, importHistory } from './import-history.ts';
export { loadPastIncidents } from './load-past-incidents.ts';
export { type HistoryFormat, historyCsvColumns, parseHistory } from './parse-history.ts';
export {
  type PastIncident,
  type PastIncidentInput,
  pastIncidentId,
  pastIncidentSchema,
} from './past-incident.ts';
export {
  historyIdOf,
  IncidentNotResolvedError,
  type RecordResolvedIncidentOptions,
  recordResolvedIncident,
} from './record-resolved-incident.ts';
export {
  createSimilarityIndex,
  defaultSimilarityTuning,
  type IndexableIncident,
  InMemorySimilarityIndex,
  type SimilarIncident,
  type SimilarityField,
  type SimilarityIndex,
  type SimilarityQuery,
  type SimilarityTuning,
} from './similarity-index.ts';
