export { type FilterOptions, type FilterResult, filterChanges } from './filter-changes.ts';
export { type AttributeState, type Gitattributes, parseGitattributes } from './gitattributes.ts';
export { firstMatchingGlob, matchesGlob } from './matches-glob.ts';
export { pathInstructionsFor } from './path-instructions-for.ts';
