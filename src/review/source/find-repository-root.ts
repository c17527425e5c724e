import { stat } from 'node:fs/promises';
import { UsageError } from '../../errors/index.ts';
import { gitMessage, runGit } from './run-git.ts';

/**
 * The top of the git working tree holding `cwd` (the git directory itself for a bare repository).
 * Throws UsageError when `cwd` is not in a git repository.
 */
export async function findRepositoryRoot(cwd: string): Promise<string> {
  const directory = await stat(cwd).catch(() => undefined);
  if (directory === undefined || !directory.isDirectory()) {
    throw new UsageError(`${cwd} is not a directory`, { hint: 'run it from inside a git checkout' });
  }
  const result = await runGit(cwd, ['rev-parse', '--is-bare-repository', '--absolute-git-dir']);
  if (result.exitCode !== 0) {
    throw new UsageError(`${cwd} is not in a git repository (${gitMessage(result.stderr)})`, {
      hint: 'run it from inside a git checkout (git clone <url>), or point it at one',
    });
  }
  const [bare, gitDirectory] = result.stdout.trim().split('\n');
  if (bare === 'true') return gitDirectory!;
  const top = await runGit(cwd, ['rev-parse', '--show-toplevel']);
  return top.exitCode === 0 ? top.stdout.trim() : gitDirectory!;
}
