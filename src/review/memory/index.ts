export { cacheKey, contextDigest, hunkKey } from './hunk-key.ts';
export { hunkKeyLocator, markOutdatedFindings } from './outdated-findings.ts';
export { type MemoryOptions, type MemoryPartition, partitionByMemory } from './partition-by-memory.ts';
export { type RememberOptions, rememberResults } from './remember-results.ts';
export {
  type CachedFinding,
  lookupCache,
  rememberReviewed,
  reviewedHunks,
  storeCache,
} from './review-memory.ts';
