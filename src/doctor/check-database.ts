import { accessSync, constants, mkdirSync } from 'node:fs';
import { StewardError } from '../errors/index.ts';
import { migrationStatus, openStore, resolveDataDir, type Store } from '../store/index.ts';
import { type Check, fail, ok, warn } from './check.ts';

/** The data directory (embedded SQLite only) and the database: reachable, and every migration applied. */
export async function checkDatabase(env: NodeJS.ProcessEnv): Promise<Check[]> {
  const checks: Check[] = [];
  const databaseUrl = env.DATABASE_URL === '' ? undefined : env.DATABASE_URL;
  const dataDir = resolveDataDir(env);
  if (databaseUrl === undefined) {
    try {
      mkdirSync(dataDir, { recursive: true });
      accessSync(dataDir, constants.W_OK);
      checks.push(ok('data directory', dataDir));
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      checks.push(
        fail(
          'data directory',
          `${dataDir} is not writable (${code})`,
          'set STEWARD_DATA_DIR to a writable directory',
        ),
      );
      return checks;
    }
  } else {
    checks.push(ok('data directory', 'not used: DATABASE_URL is set'));
  }

  let store: Store | undefined;
  try {
    store = await openStore({ databaseUrl, dataDir, migrate: false });
    const status = await migrationStatus(store.db);
    const where = `${store.dialect} at ${store.location}`;
    if (status.unknown.length > 0) {
      checks.push(
        fail(
          'database',
          `${where} was migrated by a newer Steward (${status.unknown.join(', ')})`,
          'upgrade Steward',
        ),
      );
    } else if (status.pending.length > 0) {
      const pending = `${status.pending.length} migration(s) pending (${status.pending.join(', ')})`;
      checks.push(
        warn(
          'database',
          `${where}: ${pending}`,
          'run `steward migrate` (any command that opens the database applies them too)',
        ),
      );
    } else {
      checks.push(ok('database', `${where}, ${status.applied.length} migration(s) applied`));
    }
  } catch (error) {
    const message = error instanceof StewardError ? error.message : String(error);
    const fix =
      error instanceof StewardError && error.hint !== undefined
        ? error.hint
        : 'check DATABASE_URL, or unset it to use the embedded SQLite store';
    checks.push(fail('database', message, fix));
  } finally {
    await store?.close();
  }
  return checks;
}
