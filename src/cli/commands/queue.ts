import { type Command, Option } from 'commander';
import { createGitHubClients, postQueueItem } from '../../github/index.ts';
import { acceptQueueItem, dismissQueueItem, listQueue, type QueueItem } from '../../review/queue/index.ts';
import type { CliContext, GlobalOptions } from '../cli-context.ts';
import { formatTable } from '../format-table.ts';
import { withConfiguredStore } from '../open-configured-store.ts';

const statuses = ['pending', 'accepted', 'dismissed', 'all'] as const;

/** `steward queue list|accept|dismiss`: the findings that wait for a human before they reach the author. */
export function registerQueueCommand(program: Command, context: CliContext): void {
  const queue = program
    .command('queue')
    .description('the human review queue: uncertain security and bug findings that wait for a reviewer');
  const by = () => context.env.USER ?? context.env.USERNAME ?? 'cli';

  queue
    .command('list')
    .description('list queued findings')
    .addOption(new Option('--status <status>', 'which items').choices(statuses).default('pending'))
    .option('--repo <owner/name>', 'only this repository')
    .addOption(new Option('--format <format>', 'output format').choices(['table', 'json']).default('table'))
    .action(
      async (
        options: { status: (typeof statuses)[number]; repo?: string; format: 'table' | 'json' },
        command: Command,
      ) => {
        await withConfiguredStore(context, command.optsWithGlobals<GlobalOptions>(), async (store) => {
          const items = await listQueue(store.db, {
            status: options.status,
            ...(options.repo === undefined ? {} : { repo: options.repo }),
          });
          if (options.format === 'json') {
            context.stdout(`${JSON.stringify({ items }, null, 2)}\n`);
            return;
          }
          if (items.length === 0) {
            context.stdout(
              `no ${options.status === 'all' ? '' : `${options.status} `}items in the review queue\n`,
            );
            return;
          }
          context.stdout(
            formatTable(
              [
                'id',
                'status',
                'pull request',
                'where',
                'severity',
                'category',
                'confidence',
                'title',
                'reviewers',
              ],
              items.map((item) => row(item)),
            ),
          );
        });
      },
    );

  queue
    .command('accept')
    .description('post a queued finding to its pull request')
    .argument('<id>', 'the id shown by steward queue list')
    .option('--by <name>', 'who decided (default $USER)')
    .action(async (id: string, options: { by?: string }, command: Command) => {
      await withConfiguredStore(context, command.optsWithGlobals<GlobalOptions>(), async (store) => {
        const clients = createGitHubClients({ env: context.env });
        const item = await acceptQueueItem(store.db, id, {
          by: options.by ?? by(),
          post: (queued) => postQueueItem({ db: store.db, clients, now: Date.now }, queued),
          now: Date.now(),
        });
        context.stdout(
          `accepted ${item.id}: posted to ${item.repo}#${item.pr} (${item.path}:${item.startLine})\n`,
        );
      });
    });

  queue
    .command('dismiss')
    .description('drop a queued finding; the reason teaches the category threshold')
    .argument('<id>', 'the id shown by steward queue list')
    .requiredOption('--reason <text>', 'why the finding is wrong or not worth posting')
    .option('--by <name>', 'who decided (default $USER)')
    .action(async (id: string, options: { reason: string; by?: string }, command: Command) => {
      await withConfiguredStore(context, command.optsWithGlobals<GlobalOptions>(), async (store) => {
        const item = await dismissQueueItem(store.db, id, {
          by: options.by ?? by(),
          reason: options.reason,
          now: Date.now(),
        });
        context.stdout(`dismissed ${item.id} (${item.repo}#${item.pr}): ${options.reason.trim()}\n`);
      });
    });
}

function row(item: QueueItem): string[] {
  const lines = item.startLine === item.endLine ? `${item.startLine}` : `${item.startLine}-${item.endLine}`;
  return [
    item.id,
    item.status,
    `${item.repo}#${item.pr}`,
    `${item.path}:${lines}`,
    item.severity,
    item.category,
    item.confidence.toFixed(2),
    item.title.length > 60 ? `${item.title.slice(0, 59)}…` : item.title,
    item.reviewers.join(' ') || '-',
  ];
}
