import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { type Command, Option } from 'commander';
import { parse as parseYaml } from 'yaml';
import {
  type ApprovalDeps,
  type ApprovalRequest,
  approvalDepsFor,
  decideRequest,
  decisionsOf,
  expireRequests,
  listAudit,
  listRequests,
  proposeAction,
  readRequest,
  stepsOf,
} from '../../approvals/index.ts';
import type { LoadedConfig } from '../../config/index.ts';
import { UsageError } from '../../errors/index.ts';
import { approvalStatuses, type Store } from '../../store/index.ts';
import type { CliContext, GlobalOptions } from '../cli-context.ts';
import { formatTable } from '../format-table.ts';
import { withConfiguredStore } from '../open-configured-store.ts';
import { wholeNumber } from '../whole-number.ts';

const listStatuses = ['open', ...approvalStatuses, 'all'] as const;

/** `steward approvals list|show|approve|reject|propose`: the gate in front of production actions. */
export function registerApprovalsCommand(program: Command, context: CliContext): void {
  const approvals = program
    .command('approvals')
    .description('the approval gate: actions agents proposed, waiting for people to decide');
  const by = () => context.env.USER ?? context.env.USERNAME ?? 'cli';
  const withDeps = <T>(command: Command, body: (deps: ApprovalDeps, store: Store) => Promise<T>) =>
    withConfiguredStore(context, command.optsWithGlobals<GlobalOptions>(), (store, loaded: LoadedConfig) =>
      body(approvalDepsFor({ db: store.db, dialect: store.dialect, config: loaded.config.approvals }), store),
    );

  approvals
    .command('list')
    .description('requests, newest first (open: pending, approved or running)')
    .addOption(new Option('--status <status>', 'which requests').choices(listStatuses).default('open'))
    .option('--limit <n>', 'how many', '100')
    .addOption(new Option('--format <format>', 'output format').choices(['table', 'json']).default('table'))
    .action(
      async (
        options: { status: (typeof listStatuses)[number]; limit: string; format: 'table' | 'json' },
        command: Command,
      ) => {
        const limit = wholeNumber(options.limit, '--limit', 1, 1000);
        await withDeps(command, async (deps) => {
          await expireRequests(deps);
          const requests = await listRequests(deps.db, { status: options.status, limit });
          if (options.format === 'json') {
            context.stdout(`${JSON.stringify({ requests }, null, 2)}\n`);
            return;
          }
          if (requests.length === 0) {
            context.stdout(`no ${options.status === 'all' ? '' : `${options.status} `}approval requests\n`);
            return;
          }
          context.stdout(
            formatTable(
              ['id', 'status', 'kind', 'env', 'targets', 'needs', 'agent', 'expires', 'reason'],
              requests.map((request) => [
                request.id,
                request.status,
                request.kind,
                request.environment,
                describeTargets(request),
                request.policy.decision === 'approve'
                  ? `${request.policy.minApprovals} approval(s)`
                  : request.policy.decision,
                `${request.agent}/${request.runId}`,
                request.status === 'pending'
                  ? new Date(request.expiresAtMs).toISOString().slice(0, 16).replace('T', ' ')
                  : '-',
                request.reason.length > 50 ? `${request.reason.slice(0, 49)}…` : request.reason,
              ]),
            ),
          );
        });
      },
    );

  approvals
    .command('show')
    .description('one request: the exact action and its hash, the policy, decisions, steps and audit trail')
    .argument('<id>', 'the id shown by steward approvals list')
    .addOption(new Option('--format <format>', 'output format').choices(['text', 'json']).default('text'))
    .action(async (id: string, options: { format: 'text' | 'json' }, command: Command) => {
      await withDeps(command, async (deps) => {
        await expireRequests(deps);
        const request = await readRequest(deps.db, id);
        const decisions = await decisionsOf(deps.db, request);
        const steps = await stepsOf(deps.db, id);
        const audit = await listAudit(deps.db, { requestId: id });
        if (options.format === 'json') {
          context.stdout(`${JSON.stringify({ request, decisions, steps, audit }, null, 2)}\n`);
          return;
        }
        const policy = request.policy;
        const lines = [
          `${request.id}  ${request.status}${request.outcomeReason === null ? '' : `: ${request.outcomeReason}`}`,
          `action:      ${request.kind} in ${request.environment} on ${describeTargets(request)}`,
          `arguments:   ${JSON.stringify(request.arguments)}`,
          `hash:        ${request.actionHash}`,
          `proposed by: ${request.proposedBy} (agent ${request.agent}, run ${request.runId}) at ${iso(request.createdAtMs)}`,
          `reason:      ${request.reason}`,
          `policy:      ${policy.decision} by ${policy.rule}${policy.decision === 'approve' ? `: ${policy.minApprovals} approval(s) from ${policy.approvers.join(', ') || 'any group'}${policy.waitMinutes > 0 ? `, then ${policy.waitMinutes} min wait` : ''}` : ''}${policy.wide ? ' (wide)' : ''}`,
          ...policy.notes.map((note) => `             ${note}`),
          ...(request.status === 'pending' ? [`expires:     ${iso(request.expiresAtMs)}`] : []),
          '',
          'decisions:',
          ...(decisions.length === 0
            ? ['  none']
            : decisions.map(
                (decision) =>
                  `  ${iso(decision.decidedAtMs)}  ${decision.person} ${decision.decision === 'approve' ? 'approved' : 'rejected'} via ${decision.via}${decision.current ? '' : ' (an earlier version: does not count)'}${decision.comment === '' ? '' : `: ${decision.comment}`}`,
              )),
          ...(steps.length === 0
            ? []
            : [
                '',
                'steps:',
                ...steps.map(
                  (step) =>
                    `  ${step.step}. ${step.targets.join(', ')}  ${step.status}${step.detail === null ? '' : `: ${step.detail}`}`,
                ),
              ]),
          '',
          'audit:',
          ...audit.map((entry) => `  #${entry.seq} ${iso(entry.atMs)}  ${entry.event} by ${entry.actor}`),
        ];
        context.stdout(`${lines.join('\n')}\n`);
      });
    });

  for (const decision of ['approve', 'reject'] as const) {
    const command = approvals
      .command(decision)
      .description(
        decision === 'approve'
          ? 'approve a pending request'
          : 'reject a pending request; the agent is told why',
      )
      .argument('<id>', 'the id shown by steward approvals list')
      .option('--by <name>', 'who decides (default $USER); must be in an approver group');
    if (decision === 'approve') {
      command
        .option('--comment <text>', 'why', '')
        .option('--hash <sha256>', 'the action hash you reviewed: refused if the action is no longer that');
    } else {
      command.requiredOption('--comment <text>', 'why: the agent reads it');
    }
    command.action(
      async (id: string, options: { by?: string; comment: string; hash?: string }, cmd: Command) => {
        await withDeps(cmd, async (deps) => {
          const result = await decideRequest(deps, {
            requestId: id,
            person: options.by ?? by(),
            decision,
            comment: options.comment,
            via: 'cli',
            actionHash: options.hash,
          });
          const next = result.request.status === 'approved' ? '; `steward serve` runs it' : '';
          context.stdout(`${result.message}${next}\n`);
        });
      },
    );
  }

  approvals
    .command('propose')
    .description(
      'propose an action from a JSON or YAML file (as an agent would); prints what the policy decided',
    )
    .argument('<file>', 'the action: kind, targets, environment, arguments, agent, run, reason')
    .action(async (file: string, _options: unknown, command: Command) => {
      const path = resolve(context.cwd, file);
      let input: unknown;
      try {
        input = parseYaml(readFileSync(path, 'utf8'));
      } catch (error) {
        throw new UsageError(`${file}: ${firstLine((error as Error).message)}`);
      }
      await withDeps(command, async (deps) => {
        const proposal = await proposeAction(deps, input);
        context.stdout(`${proposal.message}\n`);
      });
    });
}

function describeTargets(request: ApprovalRequest): string {
  return [...request.targets.services, ...request.targets.hosts.map((host) => `host:${host}`)].join(', ');
}

function iso(ms: number): string {
  return new Date(ms).toISOString().replace('.000Z', 'Z');
}

/** The YAML library's message without its source excerpt. */
function firstLine(message: string): string {
  return message.split('\n')[0] ?? message;
}
