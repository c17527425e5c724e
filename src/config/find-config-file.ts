import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';

export const configFileName = '.steward.yml';

/**
 * Looks for .steward.yml from `cwd` upwards, stopping at the repository root (the first directory
 * holding `.git`) or the file-system root.
 */
export function findConfigFile(cwd: string): string | undefined {
  for (let directory = cwd; ; directory = dirname(directory)) {
    const candidate = join(directory, configFileName);
    if (existsSync(candidate)) return candidate;
    if (existsSync(join(directory, '.git')) || dirname(directory) === directory) return undefined;
  }
}
