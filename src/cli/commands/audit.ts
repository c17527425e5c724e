import { type Command, Option } from 'commander';
import {
  type AuditEntry,
  AuditLogTamperedError,
  type AuditVerification,
  listAudit,
  verifyAudit,
} from '../../approvals/audit/index.ts';
import type { CliContext, GlobalOptions } from '../cli-context.ts';
import { formatTable } from '../format-table.ts';
import { withConfiguredStore } from '../open-configured-store.ts';
import { wholeNumber } from '../whole-number.ts';

/**
 * `steward audit verify|list`: the approval gate's hash-chained audit log. `verify` exits 1 (through
 * `AuditLogTamperedError`) when the log is not intact; its JSON output holds the head hash, which
 * anchors the log when kept elsewhere (CI logs, say).
 */
export function registerAuditCommand(program: Command, context: CliContext): void {
  const audit = program
    .command('audit')
    .description("the approval gate's append-only, hash-chained audit log");

  audit
    .command('verify')
    .description('check every entry of the audit log against its hash, the one before and the head')
    .addOption(new Option('--format <format>', 'output format').choices(['text', 'json']).default('text'))
    .action(async (options: { format: 'text' | 'json' }, command: Command) => {
      const verification = await withConfiguredStore(
        context,
        command.optsWithGlobals<GlobalOptions>(),
        async (store) => verifyAudit(store.db),
      );
      context.stdout(
        options.format === 'json'
          ? `${JSON.stringify(verification, null, 2)}\n`
          : verificationText(verification),
      );
      if (!verification.ok) throw new AuditLogTamperedError(verification);
    });

  audit
    .command('list')
    .description('audit entries, oldest first: the newest ones, or all of one request')
    .option('--request <id>', 'only the entries of this approval request')
    .option('--limit <n>', 'at most this many, the newest (default: 100, or all of one request)')
    .addOption(new Option('--format <format>', 'output format').choices(['table', 'json']).default('table'))
    .action(
      async (options: { request?: string; limit?: string; format: 'table' | 'json' }, command: Command) => {
        const limit =
          options.limit === undefined ? undefined : wholeNumber(options.limit, '--limit', 1, 100_000);
        await withConfiguredStore(context, command.optsWithGlobals<GlobalOptions>(), async (store) => {
          const entries = await listAudit(store.db, { requestId: options.request, limit });
          if (options.format === 'json') {
            context.stdout(`${JSON.stringify({ entries }, null, 2)}\n`);
            return;
          }
          if (entries.length === 0) {
            context.stdout(
              options.request === undefined
                ? 'the audit log is empty\n'
                : `no audit entries for request ${options.request}\n`,
            );
            return;
          }
          context.stdout(
            formatTable(
              ['seq', 'at', 'event', 'request', 'actor', 'detail'],
              entries.map((entry) => row(entry)),
            ),
          );
        });
      },
    );
}

function verificationText(verification: AuditVerification): string {
  const entries = `${verification.entries} entr${verification.entries === 1 ? 'y' : 'ies'}`;
  if (verification.ok) {
    const head = verification.head?.hash ? verification.head.hash.slice(0, 12) : '(empty)';
    return `audit log intact: ${entries}, head ${head}\n`;
  }
  const count = verification.problems.length;
  return [
    `audit log NOT intact: ${count} problem${count === 1 ? '' : 's'} in ${entries}`,
    ...verification.problems.map((problem) => `  ${problem.problem}`),
    '',
  ].join('\n');
}

function row(entry: AuditEntry): string[] {
  const detail = JSON.stringify(entry.detail);
  return [
    String(entry.seq),
    new Date(entry.atMs).toISOString().slice(0, 19).replace('T', ' '),
    entry.event,
    entry.requestId ?? '-',
    entry.actor,
    detail.length > 80 ? `${detail.slice(0, 79)}…` : detail,
  ];
}
