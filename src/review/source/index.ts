export { DiffParseError } from './diff-parse-error.ts';
export { type DiffEntry, fileChangeFromDiffEntry } from './file-change-from-diff-entry.ts';
export {
  createOctokit,
  type GitHubClientOptions,
  octokitFromEnv,
} from './github-client.ts';
export { parseFilePatch } from './parse-file-patch.ts';
export { parseUnifiedDiff, parseUnifiedDiffStream } from './parse-unified-diff.ts';
export { type PullRequestRef, parsePullRequestRef, parseRepositoryName } from './pull-request-ref.ts';
export { type LocalChangeOptions, readLocalChange, stagedHead } from './read-local-change.ts';
export { gitHubFileListLimit, type ReadPullRequestOptions, readPullRequest } from './read-pull-request.ts';
export { defaultRenameLimit, maxRenameLimit } from './run-git-diff.ts';
export {
  createUnifiedDiffParser,
  type UnifiedDiffParser,
  type UnifiedDiffParserOptions,
} from './unified-diff-parser.ts';
export { unquoteGitPath } from './unquote-git-path.ts';
