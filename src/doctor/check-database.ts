import { accessSync, constants, mkdirSync } from 'node:fs';
import { StewardError } from '../errors/index.ts';
import { migrationStatus, openStore, resolveDataDir } from '../store/index.ts';
import { type Check, fail, ok } from './check.ts';

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
      checks.push(
        fail(
          'data directory',
          `${dataDir} is not writable (${(error as NodeJS.ErrnoException).code})`,
          'set STEWARD_DATA_DIR to a writable directory',
        ),
      );
      return checks;
    }
  } else {
    checks.push(ok('data directory', 'not used: DATABASE_URL is set'));
  }

  let store: Awaited<ReturnType<typeof openStore>> | undefined;
  try {
    store = await openStore({
      ...(databaseUrl === undefined ? {} : { databaseUrl }),
      dataDir,
      migrate: false,
    });
    const status = await migrationStatus(store.db);
    checks.push(
      status.pending.length === 0
        ? ok(
            'database',
            `${store.dialect} at ${store.location}, ${status.applied.length} migration(s) applied`,
          )
        : fail(
            'database',
            `${store.dialect} at ${store.location}: ${status.pending.length} migration(s) pending (${status.pending.join(', ')})`,
            'run `steward migrate`',
          ),
    );
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
