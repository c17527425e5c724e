export { type FrontMatter, type FrontMatterProblem, readFrontMatter } from './front-matter.ts';
export {
  formatRunbookProblem,
  type LoadedRunbooks,
  loadRunbooks,
  type Runbook,
  type RunbookProblem,
  RunbooksDirError,
} from './load-runbooks.ts';
export {
  foldName,
  type MatchRunbooksOptions,
  matchRunbooks,
  type RunbookAlert,
  type RunbookMatch,
} from './match-runbooks.ts';
