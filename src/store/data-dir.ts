import { homedir } from 'node:os';
import { isAbsolute, join, resolve } from 'node:path';

/**
 * The directory holding Steward's own data (the SQLite database): `STEWARD_DATA_DIR`, else
 * `$XDG_DATA_HOME/steward`, else `~/.local/share/steward`.
 */
export function resolveDataDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.STEWARD_DATA_DIR != null && env.STEWARD_DATA_DIR !== '') {
    return resolve(env.STEWARD_DATA_DIR);
  }
  // The XDG specification says a relative path must be ignored.
  if (env.XDG_DATA_HOME != null && isAbsolute(env.XDG_DATA_HOME)) {
    return join(env.XDG_DATA_HOME, 'steward');
  }
  const home = env.HOME != null && env.HOME !== '' ? env.HOME : homedir();
  return join(home, '.local', 'share', 'steward');
}
