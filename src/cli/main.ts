import { Command, CommanderError } from 'commander';
import { ExitCode } from '../errors/index.ts';
import { packageVersion } from '../version/index.ts';
import { type CliContext, type GlobalOptions, processContext } from './cli-context.ts';
import { registerApprovalsCommand } from './commands/approvals.ts';
import { registerAuditCommand } from './commands/audit.ts';
import { registerBudgetCommand } from './commands/budget.ts';
import { registerConfigCommand } from './commands/config.ts';
import { registerDoctorCommand } from './commands/doctor.ts';
import { registerIncidentsCommand } from './commands/incidents.ts';
import { registerInitCommand } from './commands/init.ts';
import { registerMigrateCommand } from './commands/migrate.ts';
import { registerQueueCommand } from './commands/queue.ts';
import { registerReviewCommand } from './commands/review.ts';
import { registerServeCommand } from './commands/serve.ts';
import { registerSpendCommand } from './commands/spend.ts';
import { handleError } from './handle-error.ts';

/** Runs the `steward` command with `argv` (without node and script) and returns the exit code. */
export async function main(argv: readonly string[], context: CliContext = processContext()): Promise<number> {
  let exitCode: number = ExitCode.ok;
  const program = new Command('steward')
    .description('AI agents for code review, incident triage and learning feedback, under hard cost controls')
    .version(packageVersion(), '-V, --version')
    .option('-c, --config <path>', 'use this .steward.yml instead of searching from the current directory up')
    .option('-v, --verbose', 'print more detail, including causes of errors')
    .showHelpAfterError('(run with --help for usage)')
    .configureOutput({ writeOut: context.stdout, writeErr: context.stderr })
    .exitOverride();
  registerInitCommand(program, context);
  registerConfigCommand(program, context);
  registerDoctorCommand(program, context, (code) => {
    exitCode = code;
  });
  registerReviewCommand(program, context, (code) => {
    exitCode = code;
  });
  registerMigrateCommand(program, context);
  registerBudgetCommand(program, context);
  registerSpendCommand(program, context);
  registerServeCommand(program, context);
  registerQueueCommand(program, context);
  registerIncidentsCommand(program, context);
  registerApprovalsCommand(program, context);
  registerAuditCommand(program, context);
  configureTree(program, context);

  try {
    if (argv.length === 0) {
      program.outputHelp();
      return ExitCode.ok;
    }
    await program.parseAsync([...argv], { from: 'user' });
    return exitCode;
  } catch (error) {
    const verbose = program.opts<GlobalOptions>().verbose === true || argv.includes('--verbose');
    if (error instanceof CommanderError && error.exitCode === 0) return ExitCode.ok;
    return handleError(error, context, verbose);
  }
}

/** Subcommands inherit neither exitOverride nor the output streams: apply both to the whole tree. */
function configureTree(command: Command, context: CliContext): void {
  for (const child of command.commands) {
    child.exitOverride().configureOutput({ writeOut: context.stdout, writeErr: context.stderr });
    child.showHelpAfterError('(run with --help for usage)');
    configureTree(child, context);
  }
}
