import { UsageError } from '../../errors/index.ts';
import type { ChangeSet } from '../change-set.ts';
import { findDefaultBranch } from './find-default-branch.ts';
import { findMergeBase } from './find-merge-base.ts';
import { findRepositoryRoot } from './find-repository-root.ts';
import { resolveCommit, tryResolveCommit } from './resolve-commit.ts';
import { runGit } from './run-git.ts';
import { runGitDiff } from './run-git-diff.ts';

export interface LocalChangeOptions {
  /** A directory inside the repository. */
  cwd: string;
  /** Compare with this ref (default: the default branch). */
  base?: string;
  /** The change's tip (default: `HEAD`). */
  head?: string;
  /** Review what is staged for commit instead: `git diff --cached` against `HEAD`. */
  staged?: boolean;
  /** The branch to compare with when `base` is not given (`review.default_branch`); detected when absent. */
  defaultBranch?: string;
  /** Raises git's `diff.renameLimit` (default 5,000, at most 20,000). */
  renameLimit?: number;
}

/** The text `source.head` holds for a staged change: the index is not a commit. */
export const stagedHead = 'index';

/**
 * Reads a change from a local git repository: the change's own commits, `merge-base(base, head)..head`,
 * so upstream work merged into the branch is not part of it. `source.base` / `source.head` are commit
 * SHAs; for a staged change, `source.base` is `HEAD` (the empty tree before the first commit) and
 * `source.head` is `index`.
 */
export async function readLocalChange(options: LocalChangeOptions): Promise<ChangeSet> {
  const root = await findRepositoryRoot(options.cwd);
  const renameLimit = options.renameLimit === undefined ? {} : { renameLimit: options.renameLimit };

  if (options.staged === true) {
    if (options.base !== undefined || options.head !== undefined) {
      throw new UsageError(
        'a staged change is compared with HEAD: --staged cannot be combined with --base or --head',
        {
          hint: 'drop --staged to compare commits, or drop --base/--head to review what is staged',
        },
      );
    }
    const headSha = await tryResolveCommit(root, 'HEAD');
    const base = headSha ?? (await emptyTree(root));
    const { files, unseen } = await runGitDiff(root, { revisions: ['--cached', base], ...renameLimit });
    return {
      source: { kind: 'local', root, base, head: stagedHead, mergeBase: undefined, staged: true },
      files,
      unseen,
    };
  }

  const head = await resolveCommit(root, options.head ?? 'HEAD', 'head');
  const base =
    options.base === undefined
      ? (await findDefaultBranch(root, options.defaultBranch)).sha
      : await resolveCommit(root, options.base, 'base');
  const mergeBase = await findMergeBase(root, base, head);
  const { files, unseen } = await runGitDiff(root, { revisions: [mergeBase, head], ...renameLimit });
  return { source: { kind: 'local', root, base, head, mergeBase, staged: false }, files, unseen };
}

async function emptyTree(root: string): Promise<string> {
  const result = await runGit(root, ['hash-object', '-t', 'tree', '/dev/null']);
  return result.stdout.trim();
}
