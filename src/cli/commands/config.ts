import type { Command } from 'commander';
import { configJsonSchema, formatConfigIssue, loadConfig } from '../../config/index.ts';
import type { CliContext, GlobalOptions } from '../cli-context.ts';

export function registerConfigCommand(program: Command, context: CliContext): void {
  const config = program.command('config').description('check or explain the configuration');
  config
    .command('check')
    .description('validate .steward.yml and the environment; print the file used and any warnings')
    .option('--print', 'also print the resulting configuration, defaults included, as JSON')
    .action((options: { print?: boolean }, command: Command) => {
      const global = command.optsWithGlobals<GlobalOptions>();
      const loaded = loadConfig({
        cwd: context.cwd,
        env: context.env,
        ...(global.config === undefined ? {} : { configPath: global.config }),
      });
      for (const warning of loaded.warnings) context.stderr(`warning: ${formatConfigIssue(warning)}\n`);
      context.stdout(`${loaded.path ?? 'no .steward.yml found: defaults apply'}: valid\n`);
      if (options.print === true) context.stdout(`${JSON.stringify(loaded.config, null, 2)}\n`);
    });
  config
    .command('schema')
    .description('print the JSON Schema of .steward.yml (for editors)')
    .action(() => {
      context.stdout(`${JSON.stringify(configJsonSchema(), null, 2)}\n`);
    });
}
