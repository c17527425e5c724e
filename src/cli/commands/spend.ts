import { type Command, Option } from 'commander';
import { spendGroupings, spendReport } from '../../budget/index.ts';
import { UsageError } from '../../errors/index.ts';
import type { CliContext, GlobalOptions } from '../cli-context.ts';
import { formatCsv, formatTable, usd } from '../format-table.ts';
import { withConfiguredStore } from '../open-configured-store.ts';

const units: Record<string, number> = { h: 3_600_000, d: 86_400_000, w: 7 * 86_400_000 };

/** `30d`, `12h`, `2w`, or a date (`2026-11-01`). */
export function parseSince(value: string, now: number): number {
  const relative = /^(\d+)([hdw])$/.exec(value);
  if (relative !== null) return now - Number(relative[1]) * units[relative[2]!]!;
  const date = /^\d{4}-\d{2}-\d{2}(T.*)?$/.test(value) ? Date.parse(value) : Number.NaN;
  if (Number.isNaN(date))
    throw new UsageError(`--since ${JSON.stringify(value)} is not a duration or a date`, {
      hint: 'use e.g. 30d, 12h, 2w or 2026-11-01',
    });
  return date;
}

export function registerSpendCommand(program: Command, context: CliContext): void {
  program
    .command('spend')
    .description('model spend from the ledger, grouped')
    .addOption(new Option('--by <grouping>', 'group by').choices(spendGroupings).default('model'))
    .option('--since <when>', 'a duration (30d, 12h, 2w) or a date', '30d')
    .addOption(
      new Option('--format <format>', 'output format').choices(['table', 'csv', 'json']).default('table'),
    )
    .action(
      async (
        options: { by: (typeof spendGroupings)[number]; since: string; format: 'table' | 'csv' | 'json' },
        command: Command,
      ) => {
        const since = parseSince(options.since, Date.now());
        await withConfiguredStore(
          context,
          command.optsWithGlobals<GlobalOptions>(),
          async (store, loaded) => {
            const rows = await spendReport(store.db, {
              by: options.by,
              since,
              timeZone: loaded.config.budgets.timezone,
            });
            if (options.format === 'json') {
              context.stdout(
                `${JSON.stringify({ by: options.by, since: new Date(since).toISOString(), rows }, null, 2)}\n`,
              );
              return;
            }
            const headers = [
              options.by,
              'calls',
              'refused',
              'failed',
              'input tokens',
              'cached',
              'output tokens',
              'cost',
            ];
            const cells = rows.map((row) => [
              row.key,
              String(row.calls),
              String(row.refused),
              String(row.failed),
              String(row.inputTokens),
              String(row.cachedInputTokens),
              String(row.outputTokens),
              options.format === 'csv' ? (row.costMicros / 1_000_000).toFixed(6) : usd(row.costMicros),
            ]);
            if (options.format === 'csv') {
              const csvHeaders = [...headers.slice(0, -1), 'estimated input tokens', 'cost_usd'];
              const csvCells = cells.map((row, index) => [
                ...row.slice(0, -1),
                String(rows[index]!.estimatedInputTokens),
                row.at(-1)!,
              ]);
              context.stdout(formatCsv(csvHeaders, csvCells));
              return;
            }
            const total = rows.reduce((sum, row) => sum + row.costMicros, 0);
            context.stdout(
              rows.length === 0
                ? `no model calls since ${new Date(since).toISOString()}\n`
                : `${formatTable(headers, cells)}total ${usd(total)}\n`,
            );
          },
        );
      },
    );
}
