import type { Command } from 'commander';
import { migrationStatus } from '../../store/index.ts';
import type { CliContext, GlobalOptions } from '../cli-context.ts';
import { withConfiguredStore } from '../open-configured-store.ts';

export function registerMigrateCommand(program: Command, context: CliContext): void {
  program
    .command('migrate')
    .description('apply pending database migrations (every command also does this at start)')
    .action(async (_options: unknown, command: Command) => {
      await withConfiguredStore(context, command.optsWithGlobals<GlobalOptions>(), async (store) => {
        const status = await migrationStatus(store.db);
        context.stdout(
          `${store.dialect} at ${store.location}: ${status.applied.length} migration(s) applied, none pending\n`,
        );
      });
    });
}
