import { UsageError } from '../../errors/index.ts';
import { tryResolveCommit } from './resolve-commit.ts';
import { runGit } from './run-git.ts';

/**
 * The branch a local change is compared with, and its commit: `configured` (or `origin/<configured>`)
 * when given; else the branch `origin/HEAD` points at; else `main`, `master`, `origin/main`, `origin/master`.
 */
export async function findDefaultBranch(
  root: string,
  configured?: string,
): Promise<{ ref: string; sha: string }> {
  if (configured !== undefined) {
    for (const ref of configured.startsWith('origin/')
      ? [configured]
      : [configured, `origin/${configured}`]) {
      const sha = await tryResolveCommit(root, ref);
      if (sha !== undefined) return { ref, sha };
    }
    throw new UsageError(`the default branch "${configured}" does not exist in ${root}`, {
      hint: `fetch it (\`git fetch origin ${configured}\`), fix review.default_branch in .steward.yml, or pass --base <ref>`,
    });
  }
  const originHead = await runGit(root, ['symbolic-ref', '--quiet', '--short', 'refs/remotes/origin/HEAD']);
  const candidates = originHead.exitCode === 0 ? [originHead.stdout.trim()] : [];
  candidates.push('main', 'master', 'origin/main', 'origin/master');
  for (const ref of candidates) {
    const sha = await tryResolveCommit(root, ref);
    if (sha !== undefined) return { ref, sha };
  }
  throw new UsageError(
    `cannot tell which branch to compare with in ${root}: origin/HEAD is not set and there is no main or master branch`,
    { hint: 'pass --base <ref>, or set review.default_branch in .steward.yml' },
  );
}
