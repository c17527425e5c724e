import { UsageError } from '../../errors/index.ts';
import { runGit } from './run-git.ts';

/** The best common ancestor of two commits: where the change branched off. Throws UsageError when there is none. */
export async function findMergeBase(root: string, base: string, head: string): Promise<string> {
  const result = await runGit(root, ['merge-base', '--end-of-options', base, head]);
  const sha = result.stdout.trim().split('\n')[0];
  if (result.exitCode === 0 && sha !== undefined && sha !== '') return sha;
  throw new UsageError(
    `${base} and ${head} have no common ancestor, so the change's own commits cannot be told apart`,
    {
      hint: 'pass a --base that the head branched from (a shallow clone may need `git fetch --unshallow`)',
    },
  );
}
