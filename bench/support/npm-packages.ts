import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';

/** Where benchmarks keep downloaded packages and scratch repositories (ignored by git). */
export const benchCache = new URL('../.cache/', import.meta.url).pathname;

/** Unpacks a published package version (`name@version`) into the cache once; returns its directory. */
export function unpacked(spec: string): string {
  const directory = join(benchCache, spec.replace('@', '-'));
  if (existsSync(join(directory, 'package'))) return join(directory, 'package');
  mkdirSync(directory, { recursive: true });
  const tarball = execFileSync('npm', ['pack', spec, '--silent', '--pack-destination', directory], {
    encoding: 'utf8',
  })
    .trim()
    .split('\n')
    .at(-1)!;
  execFileSync('tar', ['xzf', join(directory, tarball), '-C', directory]);
  return join(directory, 'package');
}

/**
 * Commits each directory in turn into a new scratch repository, as a pull request's pushes would
 * land, and returns `diffFrom(k)`: the diff from the first commit to commit k, with rename detection
 * and paths relative to the package root. Call `remove()` when done.
 */
export function scratchHistory(
  name: string,
  directories: readonly string[],
): { diffFrom: (index: number) => string; remove: () => void } {
  const repo = join(benchCache, `scratch-${name.replace(/\W/g, '-')}`);
  const git = (...args: string[]) =>
    execFileSync(
      'git',
      ['-c', 'user.name=bench', '-c', 'user.email=bench@localhost', '-c', 'core.quotePath=false', ...args],
      {
        cwd: repo,
        encoding: 'utf8',
        maxBuffer: 1 << 30,
      },
    );
  rmSync(repo, { recursive: true, force: true });
  mkdirSync(repo, { recursive: true });
  git('init', '-q');
  for (const [index, directory] of directories.entries()) {
    for (const entry of readdirSync(repo))
      if (entry !== '.git') rmSync(join(repo, entry), { recursive: true, force: true });
    execFileSync('cp', ['-r', `${directory}/.`, repo]);
    git('add', '-A');
    git('commit', '-qm', `version ${index}`, '--allow-empty', '--no-verify');
  }
  const last = directories.length - 1;
  return {
    diffFrom: (index) =>
      git(
        '-c',
        'diff.renameLimit=20000',
        'diff',
        '--no-color',
        '--no-ext-diff',
        '-M',
        `HEAD~${last}`,
        `HEAD~${last - index}`,
      ),
    remove: () => rmSync(repo, { recursive: true, force: true }),
  };
}
