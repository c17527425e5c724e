import type { Command } from 'commander';
import { loadConfig } from '../../config/index.ts';
import { migrationStatus, openStore, resolveDataDir } from '../../store/index.ts';
import type { CliContext, GlobalOptions } from '../cli-context.ts';

export function registerMigrateCommand(program: Command, context: CliContext): void {
  program
    .command('migrate')
    .description('apply pending database migrations (every command also does this at start)')
    .action(async (_options: unknown, command: Command) => {
      const global = command.optsWithGlobals<GlobalOptions>();
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
        const status = await migrationStatus(store.db);
        context.stdout(
          `${store.dialect} at ${store.location}: ${status.applied.length} migration(s) applied, none pending\n`,
        );
      } finally {
        await store.close();
      }
    });
}
