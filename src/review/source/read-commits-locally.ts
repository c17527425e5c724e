import { StewardError } from '../../errors/index.ts';
import type { FileChange, UnseenChange } from '../change-set.ts';
import { findMergeBase } from './find-merge-base.ts';
import { findRepositoryRoot } from './find-repository-root.ts';
import { runGit } from './run-git.ts';
import { runGitDiff } from './run-git-diff.ts';

const fetchTimeoutMs = 5 * 60_000;

export interface LocalCommitsOptions {
  checkout: string;
  baseSha: string;
  headSha: string;
  /** Refs to fetch the head from when `origin` will not serve it by SHA, e.g. `refs/pull/7/head`. */
  headRefs?: string[];
  renameLimit?: number;
}

/**
 * Diffs `merge-base(base, head)..head` in a local checkout, fetching either commit from `origin` when
 * it is missing. Returns why it could not, instead of throwing, so a caller can fall back.
 */
export async function readCommitsLocally(
  options: LocalCommitsOptions,
): Promise<{ files: FileChange[]; unseen: UnseenChange[] } | { failure: string }> {
  let root: string;
  try {
    root = await findRepositoryRoot(options.checkout);
  } catch (error) {
    return { failure: error instanceof StewardError ? error.message : String(error) };
  }
  for (const [sha, refs] of [
    [options.baseSha, []],
    [options.headSha, options.headRefs ?? []],
  ] as const) {
    if (await hasCommit(root, sha)) continue;
    for (const ref of [sha, ...refs]) {
      await runGit(root, ['fetch', '--quiet', '--no-tags', '--no-write-fetch-head', 'origin', ref], {
        timeoutMs: fetchTimeoutMs,
      }).catch(() => undefined);
      if (await hasCommit(root, sha)) break;
    }
    if (!(await hasCommit(root, sha))) {
      return {
        failure: `${root} does not hold commit ${sha}, and \`git fetch origin ${sha}\` did not bring it`,
      };
    }
  }
  try {
    const mergeBase = await findMergeBase(root, options.baseSha, options.headSha);
    const renameLimit = options.renameLimit === undefined ? {} : { renameLimit: options.renameLimit };
    return await runGitDiff(root, { revisions: [mergeBase, options.headSha], ...renameLimit });
  } catch (error) {
    if (error instanceof StewardError) return { failure: `${root}: ${error.message}` };
    throw error;
  }
}

async function hasCommit(root: string, sha: string): Promise<boolean> {
  const result = await runGit(root, ['cat-file', '-e', `${sha}^{commit}`]);
  return result.exitCode === 0;
}
