import { readFileSync } from 'node:fs';
import { extname, resolve } from 'node:path';
import { type Command, Option } from 'commander';
import { UsageError } from '../../errors/index.ts';
import {
  getIncident,
  importHistory,
  listIncidents,
  noiseReduction,
  parseAlertFile,
  parseHistory,
  runQueuedIncidentJobs,
  storeAlerts,
} from '../../incidents/index.ts';
import type { CliContext, GlobalOptions } from '../cli-context.ts';
import { formatTable } from '../format-table.ts';
import { withConfiguredStore } from '../open-configured-store.ts';
import { wholeNumber } from '../whole-number.ts';
import { formatIncident } from './format-incident.ts';

const alertSources = ['alertmanager', 'pagerduty', 'generic'] as const;

/** `steward incidents list|show|ingest|import|triage`. */
export function registerIncidentsCommand(program: Command, context: CliContext): void {
  const incidents = program
    .command('incidents')
    .description('incidents: alerts grouped, triaged, compared with history');

  incidents
    .command('list')
    .description('incidents, the most recently opened first, and the noise reduction so far')
    .addOption(
      new Option('--status <status>', 'which incidents').choices(['open', 'resolved', 'all']).default('all'),
    )
    .option('--limit <n>', 'how many', '50')
    .addOption(new Option('--format <format>', 'output format').choices(['table', 'json']).default('table'))
    .action(
      async (
        options: { status: 'open' | 'resolved' | 'all'; limit: string; format: 'table' | 'json' },
        command: Command,
      ) => {
        await withConfiguredStore(context, command.optsWithGlobals<GlobalOptions>(), async (store) => {
          const limit = wholeNumber(options.limit, '--limit', 1, 1000);
          const list = await listIncidents(store.db, {
            limit,
            ...(options.status === 'all' ? {} : { status: options.status }),
          });
          const noise = await noiseReduction(store.db, { since: 0 });
          if (options.format === 'json') {
            context.stdout(`${JSON.stringify({ incidents: list, noise }, null, 2)}\n`);
            return;
          }
          if (list.length === 0) {
            context.stdout('no incidents\n');
            return;
          }
          context.stdout(
            formatTable(
              ['id', 'status', 'severity', 'alerts', 'services', 'opened', 'title'],
              list.map((incident) => [
                incident.id,
                incident.status,
                incident.severity,
                String(incident.alertCount),
                incident.services.join(',') || '-',
                new Date(incident.openedAtMs).toISOString().slice(0, 16).replace('T', ' '),
                incident.title.length > 60 ? `${incident.title.slice(0, 59)}…` : incident.title,
              ]),
            ),
          );
          context.stdout(
            `\n${noise.alerts} alert(s) in, ${noise.incidents} incident(s) out${noise.ratio === null ? '' : ` (${noise.ratio.toFixed(1)}× fewer)`}\n`,
          );
        });
      },
    );

  incidents
    .command('show')
    .description('one incident: its alerts, triage, similar past incidents, runbooks and ranked actions')
    .argument('<id>', 'the id shown by steward incidents list')
    .addOption(new Option('--format <format>', 'output format').choices(['text', 'json']).default('text'))
    .action(async (id: string, options: { format: 'text' | 'json' }, command: Command) => {
      await withConfiguredStore(context, command.optsWithGlobals<GlobalOptions>(), async (store) => {
        const detail = await getIncident(store.db, id.toLowerCase());
        if (detail === undefined)
          throw new UsageError(`no incident has the id "${id}"`, {
            hint: 'steward incidents list shows them',
          });
        const proposals = await store.db
          .selectFrom('incident_proposals')
          .selectAll()
          .where('incident_id', '=', detail.incident.id)
          .orderBy('created_at_ms')
          .execute();
        context.stdout(
          options.format === 'json'
            ? `${JSON.stringify({ ...detail, proposals }, null, 2)}\n`
            : formatIncident(detail, proposals),
        );
      });
    });

  incidents
    .command('ingest')
    .description('store alerts from a file (as the webhooks do), group them into incidents and triage those')
    .argument('<file>', 'an Alertmanager webhook body, a PagerDuty Events v2 event, or generic alerts (JSON)')
    .addOption(
      new Option('--source <source>', 'the format (default: recognised from the content)').choices(
        alertSources,
      ),
    )
    .action(async (file: string, options: { source?: (typeof alertSources)[number] }, command: Command) => {
      const path = resolve(context.cwd, file);
      const alerts = parseAlertFile(readText(path), path, options.source);
      await withConfiguredStore(context, command.optsWithGlobals<GlobalOptions>(), async (store, loaded) => {
        const { result } = await storeAlerts(store.db, store.dialect, {
          config: loaded.config.incidents,
          alerts,
          now: Date.now(),
        });
        await runQueuedIncidentJobs({
          store,
          loaded,
          env: context.env,
          cwd: context.cwd,
          warn: (line: string) => context.stderr(line),
        });
        context.stdout(
          `${result.alerts} alert(s): ${result.created} incident(s) opened, ${result.updated} updated, ${result.resolved} resolved\n`,
        );
        for (const incident of result.incidents)
          context.stdout(
            `  ${incident.id}  ${incident.status}  ${incident.alertCount} alert(s)${incident.created ? '  new' : ''}\n`,
          );
      });
    });

  incidents
    .command('import')
    .description('import past incidents (JSON or CSV) for similar-incident search and action ranking')
    .argument('<file>', 'a .json or .csv file (see README: incident history)')
    .addOption(new Option('--format <format>', 'default: from the file extension').choices(['json', 'csv']))
    .action(async (file: string, options: { format?: 'json' | 'csv' }, command: Command) => {
      const path = resolve(context.cwd, file);
      const format = options.format ?? (extname(path).toLowerCase() === '.csv' ? 'csv' : 'json');
      const past = parseHistory(readText(path), format, file);
      await withConfiguredStore(context, command.optsWithGlobals<GlobalOptions>(), async (store) => {
        const result = await importHistory(store.db, past, Date.now());
        context.stdout(`${result.imported} past incident(s) imported, ${result.updated} updated\n`);
      });
    });
}

function readText(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    throw new UsageError(
      `cannot read ${path}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`,
    );
  }
}
