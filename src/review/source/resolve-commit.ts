import { UsageError } from '../../errors/index.ts';
import { runGit } from './run-git.ts';

/** The commit SHA a ref names, or undefined when it names none. */
export async function tryResolveCommit(root: string, ref: string): Promise<string | undefined> {
  if (ref === '' || ref.startsWith('-')) return undefined;
  const result = await runGit(root, [
    'rev-parse',
    '--verify',
    '--quiet',
    '--end-of-options',
    `${ref}^{commit}`,
  ]);
  return result.exitCode === 0 ? result.stdout.trim() : undefined;
}

/** The commit SHA a ref names. Throws UsageError naming the ref when it names none. */
export async function resolveCommit(root: string, ref: string, role: string): Promise<string> {
  const sha = await tryResolveCommit(root, ref);
  if (sha !== undefined) return sha;
  throw new UsageError(`unknown git ref "${ref}" (the ${role}): no commit has that name in ${root}`, {
    hint: `check the name with \`git branch -a\`, or fetch it first: \`git fetch origin ${ref}\``,
  });
}
