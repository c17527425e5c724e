import type { Command } from 'commander';
import { createBudgetKeeper } from '../../budget/index.ts';
import { agentNames } from '../../config/index.ts';
import { UsageError } from '../../errors/index.ts';
import type { CliContext, GlobalOptions } from '../cli-context.ts';
import { formatTable, usd } from '../format-table.ts';
import { withConfiguredStore } from '../open-configured-store.ts';

export function registerBudgetCommand(program: Command, context: CliContext): void {
  const budget = program.command('budget').description('see budgets and lift a kill-switch pause');
  budget
    .command('status')
    .description('per scope and window: limit, spent, reserved, remaining and when the window resets')
    .option('--json', 'print JSON instead of a table')
    .action(async (options: { json?: boolean }, command: Command) => {
      await withConfiguredStore(context, command.optsWithGlobals<GlobalOptions>(), async (store, loaded) => {
        const keeper = createBudgetKeeper({ db: store.db, config: loaded.config });
        await keeper.reclaimExpired();
        const lines = await keeper.status();
        const pauses = await store.db.selectFrom('agent_pauses').selectAll().execute();
        if (options.json === true) {
          context.stdout(
            `${JSON.stringify({ budgets: lines, paused: pauses.map((pause) => ({ agent: pause.agent, reason: pause.reason, pausedAt: new Date(Number(pause.paused_at_ms)).toISOString() })) }, null, 2)}\n`,
          );
          return;
        }
        if (lines.length === 0)
          context.stdout('no budgets are configured: add limits under budgets: in .steward.yml\n');
        else {
          context.stdout(
            formatTable(
              ['scope', 'window', 'limit', 'spent', 'reserved', 'remaining', 'resets'],
              lines.map((line) => [
                line.scope,
                line.window,
                usd(line.limitMicros),
                usd(line.spentMicros),
                usd(line.reservedMicros),
                usd(line.remainingMicros),
                line.resetsAt === undefined
                  ? 'never'
                  : new Date(line.resetsAt).toISOString().replace('.000Z', 'Z'),
              ]),
            ),
          );
        }
        for (const pause of pauses)
          context.stdout(
            `paused: agent ${pause.agent}: ${pause.reason} (steward budget resume ${pause.agent})\n`,
          );
      });
    });
  budget
    .command('resume')
    .description('let an agent paused by the spend-velocity kill switch make calls again')
    .argument('<agent>', `one of ${agentNames.join(', ')}`)
    .action(async (agent: string, _options: unknown, command: Command) => {
      if (!(agentNames as readonly string[]).includes(agent)) {
        throw new UsageError(`unknown agent "${agent}"`, { hint: `name one of ${agentNames.join(', ')}` });
      }
      await withConfiguredStore(context, command.optsWithGlobals<GlobalOptions>(), async (store, loaded) => {
        const resumed = await createBudgetKeeper({ db: store.db, config: loaded.config }).resume(agent);
        context.stdout(resumed ? `agent ${agent} resumed\n` : `agent ${agent} was not paused\n`);
      });
    });
}
