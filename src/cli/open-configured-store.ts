import { type LoadedConfig, loadConfig } from '../config/index.ts';
import { openStore, resolveDataDir, type Store } from '../store/index.ts';
import type { CliContext, GlobalOptions } from './cli-context.ts';

/** Loads the configuration and opens the store it names, runs `body`, and closes the store. */
export async function withConfiguredStore<T>(
  context: CliContext,
  global: GlobalOptions,
  body: (store: Store, loaded: LoadedConfig) => Promise<T>,
): Promise<T> {
  const loaded = loadConfig({
    cwd: context.cwd,
    env: context.env,
    ...(global.config === undefined ? {} : { configPath: global.config }),
  });
  const store = await openStore({
    databaseUrl: loaded.environment.DATABASE_URL,
    dataDir: resolveDataDir(context.env),
  });
  try {
    return await body(store, loaded);
  } finally {
    await store.close();
  }
}
