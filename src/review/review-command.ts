import { closeSync, openSync, readSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Kysely } from 'kysely';
import { createNotifier } from '../budget/index.ts';
import { loadConfig, type StewardConfig } from '../config/index.ts';
import { ExitCode } from '../errors/index.ts';
import { createPriceBook } from '../llm/prices/index.ts';
import { createLogger } from '../logging/index.ts';
import { type Database, openStore, resolveDataDir } from '../store/index.ts';
import { packageVersion } from '../version/index.ts';
import type { ChangeSet } from './change-set.ts';
import { type Severity, severityRank } from './finding.ts';
import {
  formatReviewJson,
  formatReviewMarkdown,
  formatReviewSarif,
  formatReviewText,
} from './output/index.ts';
import type { ReviewReport } from './review-report.ts';
import { runReview } from './run-review.ts';
import { octokitFromEnv, parsePullRequestRef, readLocalChange, readPullRequest } from './source/index.ts';

export interface ReviewCommandOptions {
  cwd: string;
  env: NodeJS.ProcessEnv;
  configPath?: string;
  planOnly: boolean;
  full?: boolean;
  base?: string;
  head?: string;
  staged: boolean;
  pr?: string;
  budgetUsd?: number;
  format: 'text' | 'markdown' | 'json' | 'sarif';
  failOn?: Severity;
  /** Where warnings (configuration warnings, alert log lines) go. */
  warn: (line: string) => void;
  /** Called with a finished review (not for --plan, not when there was nothing to do): `--post`. */
  publish?: (run: {
    report: ReviewReport;
    changeSet: ChangeSet;
    db: Kysely<Database>;
    config: StewardConfig;
  }) => Promise<void>;
}

/** `steward review`: read the change, run the review, render the report, and choose the exit code. */
export async function reviewCommand(
  options: ReviewCommandOptions,
): Promise<{ output: string; exitCode: number }> {
  const loaded = loadConfig({
    cwd: options.cwd,
    env: options.env,
    ...(options.configPath === undefined ? {} : { configPath: options.configPath }),
  });
  for (const warning of loaded.warnings)
    options.warn(`warning: ${warning.source}:${warning.line ?? ''}: ${warning.path}: ${warning.message}`);
  const { config } = loaded;
  const root = loaded.path === undefined ? options.cwd : dirname(loaded.path);
  const priceBook = createPriceBook(config.prices);

  const changeSet: ChangeSet =
    options.pr === undefined
      ? await readLocalChange({
          cwd: options.cwd,
          ...(options.base === undefined ? {} : { base: options.base }),
          ...(options.head === undefined ? {} : { head: options.head }),
          staged: options.staged,
          ...(config.review.default_branch === undefined
            ? {}
            : { defaultBranch: config.review.default_branch }),
        })
      : await readPullRequest({
          ...parsePullRequestRef(options.pr),
          octokit: octokitFromEnv(options.env),
          localCheckout: options.cwd,
        });

  const workingTree =
    changeSet.source.kind === 'local' && (options.head === undefined || options.head === 'HEAD')
      ? changeSet.source.root
      : undefined;
  const store = await openStore({
    databaseUrl: loaded.environment.DATABASE_URL,
    dataDir: resolveDataDir(options.env),
  });
  try {
    const logger = createLogger({ format: 'human', write: options.warn });
    const report = await runReview({
      changeSet,
      config,
      env: options.env,
      db: store.db,
      priceBook,
      root,
      planOnly: options.planOnly,
      full: options.full === true,
      ...(options.budgetUsd === undefined ? {} : { budgetUsd: options.budgetUsd }),
      ...(workingTree === undefined
        ? {}
        : {
            readHead: (path: string) => readStart(join(workingTree, path)),
            gitattributes: readStart(join(workingTree, '.gitattributes'), 1 << 20),
          }),
      notify: createNotifier({
        logger,
        webhooks: config.budgets.alerts.webhooks,
        slackWebhooks: config.budgets.alerts.slack_webhooks,
      }),
    });
    if (
      options.publish !== undefined &&
      !report.planOnly &&
      report.nothingToDo !== 'done' &&
      report.nothingToDo !== 'running'
    ) {
      await options.publish({ report, changeSet, db: store.db, config });
    }
    const output =
      options.format === 'json'
        ? formatReviewJson(report)
        : options.format === 'markdown'
          ? formatReviewMarkdown(report)
          : options.format === 'sarif'
            ? formatReviewSarif(report, { toolVersion: packageVersion() })
            : formatReviewText(report);
    return { output, exitCode: exitCodeOf(report, options.failOn) };
  } finally {
    await store.close();
  }
}

function exitCodeOf(report: Awaited<ReturnType<typeof runReview>>, failOn: Severity | undefined): number {
  if (
    failOn !== undefined &&
    report.findings.some((finding) => severityRank(finding.severity) <= severityRank(failOn))
  ) {
    return ExitCode.checkFailed;
  }
  const refused = report.incomplete.filter(
    (unit) => unit.reason.startsWith('budget ') || unit.reason.startsWith('agent '),
  );
  if (!report.planOnly && report.plan.units.length > 0 && refused.length === report.plan.units.length)
    return ExitCode.budgetRefused;
  return ExitCode.ok;
}

/** The first `bytes` of a file, or undefined when it cannot be read. */
function readStart(path: string, bytes = 4096): string | undefined {
  let descriptor: number | undefined;
  try {
    descriptor = openSync(path, 'r');
    const buffer = Buffer.alloc(bytes);
    const read = readSync(descriptor, buffer, 0, bytes, 0);
    return buffer.subarray(0, read).toString('utf8');
  } catch {
    return undefined;
  } finally {
    if (descriptor !== undefined) closeSync(descriptor);
  }
}
