import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Command } from 'commander';
import { configFileName, starterConfig } from '../../config/index.ts';
import { UsageError } from '../../errors/index.ts';
import type { CliContext } from '../cli-context.ts';

export function registerInitCommand(program: Command, context: CliContext): void {
  program
    .command('init')
    .description(`write a commented starter ${configFileName} in the current directory`)
    .option('--force', 'overwrite an existing file')
    .action((options: { force?: boolean }) => {
      const path = join(context.cwd, configFileName);
      if (existsSync(path) && options.force !== true) {
        throw new UsageError(`${configFileName} already exists`, { hint: 'pass --force to overwrite it' });
      }
      writeFileSync(path, starterConfig);
      context.stdout(`wrote ${configFileName}; check it with \`steward doctor\`\n`);
    });
}
