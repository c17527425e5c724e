import type { Command } from 'commander';
import { ExitCode } from '../../errors/index.ts';
import type { CliContext, GlobalOptions } from '../cli-context.ts';

const marks = { ok: 'ok  ', warn: 'warn', fail: 'FAIL' } as const;

export function registerDoctorCommand(
  program: Command,
  context: CliContext,
  setExitCode: (code: number) => void,
): void {
  program
    .command('doctor')
    .description('check Node.js, configuration, data directory, database, providers and GitHub App settings')
    .action(async (_options: unknown, command: Command) => {
      const global = command.optsWithGlobals<GlobalOptions>();
      const { runDoctor } = await import('../../doctor/index.ts');
      const checks = await runDoctor({
        cwd: context.cwd,
        env: context.env,
        ...(global.config === undefined ? {} : { configPath: global.config }),
      });
      const width = Math.max(...checks.map((check) => check.name.length));
      for (const check of checks) {
        context.stdout(`${marks[check.status]}  ${check.name.padEnd(width)}  ${check.detail}\n`);
        if (check.fix !== undefined) context.stdout(`${' '.repeat(width + 8)}→ ${check.fix}\n`);
      }
      const failed = checks.filter((check) => check.status === 'fail').length;
      context.stdout(failed === 0 ? 'all checks passed\n' : `${failed} check(s) failed\n`);
      setExitCode(failed === 0 ? ExitCode.ok : ExitCode.checkFailed);
    });
}
