export {
  adjustConfidence,
  mergeDuplicates,
  routeFindings,
  type ValidationCounts,
  validateUnitFindings,
} from './validate-findings.ts';
