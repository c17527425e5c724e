import { writeFileSync } from 'node:fs';
import { type Command, Option } from 'commander';
import { UsageError } from '../../errors/index.ts';
import type { CliContext, GlobalOptions } from '../cli-context.ts';

interface ReviewCommandOptions {
  plan?: boolean;
  full?: boolean;
  base?: string;
  head?: string;
  staged?: boolean;
  pr?: string;
  post?: boolean;
  budget?: string;
  format: 'text' | 'markdown' | 'json' | 'sarif';
  output?: string;
  failOn?: 'critical' | 'high' | 'medium' | 'low' | 'info';
}

export function registerReviewCommand(
  program: Command,
  context: CliContext,
  setExitCode: (code: number) => void,
): void {
  program
    .command('review')
    .description(
      'review a change within a budget: the current branch against the default branch, a ref range, staged changes, or a GitHub pull request',
    )
    .option('--plan', 'print what the review would do and cost; call no model, spend nothing')
    .option(
      '--full',
      'review every hunk again, ignoring what this pull request had reviewed and the review cache',
    )
    .option('--base <ref>', 'compare from the merge-base of this ref and --head')
    .option('--head <ref>', 'the change to review (default HEAD)')
    .option('--staged', 'review the staged changes against HEAD')
    .option('--pr <ref>', 'a GitHub pull request: owner/repo#123 or its URL (token from GITHUB_TOKEN)')
    .option(
      '--post',
      'with --pr: post the review to the pull request (inline comments, summary comment, check run) and queue uncertain findings for a human',
    )
    .option(
      '--budget <usd>',
      'most this review may cost, in USD (default: budgets.per_pr.lifetime_usd, else 2)',
    )
    .addOption(
      new Option('--format <format>', 'output format')
        .choices(['text', 'markdown', 'json', 'sarif'])
        .default('text'),
    )
    .option('-o, --output <file>', 'write the report to a file instead of standard output')
    .addOption(
      new Option('--fail-on <severity>', 'exit 1 when a finding is at least this severe').choices([
        'critical',
        'high',
        'medium',
        'low',
        'info',
      ]),
    )
    .action(async (options: ReviewCommandOptions, command: Command) => {
      const budgetUsd = options.budget === undefined ? undefined : parseBudget(options.budget);
      if (
        options.pr !== undefined &&
        (options.base !== undefined || options.head !== undefined || options.staged === true)
      ) {
        throw new UsageError('--pr cannot be combined with --base, --head or --staged');
      }
      if (options.post === true && (options.pr === undefined || options.plan === true)) {
        throw new UsageError(
          '--post needs --pr (the pull request to post to) and cannot be combined with --plan',
        );
      }
      if (options.staged === true && (options.base !== undefined || options.head !== undefined)) {
        throw new UsageError('--staged reviews the index against HEAD: drop --base and --head');
      }
      const { reviewCommand } = await import('../../review/review-command.ts');
      const global = command.optsWithGlobals<GlobalOptions>();
      const { output, exitCode } = await reviewCommand({
        cwd: context.cwd,
        env: context.env,
        ...(global.config === undefined ? {} : { configPath: global.config }),
        planOnly: options.plan === true,
        full: options.full === true,
        ...(options.base === undefined ? {} : { base: options.base }),
        ...(options.head === undefined ? {} : { head: options.head }),
        staged: options.staged === true,
        ...(options.pr === undefined ? {} : { pr: options.pr }),
        ...(budgetUsd === undefined ? {} : { budgetUsd }),
        format: options.format,
        ...(options.failOn === undefined ? {} : { failOn: options.failOn }),
        warn: (line) => context.stderr(`${line}\n`),
        ...(options.post === true
          ? {
              publish: async ({ report, changeSet, db, config }) => {
                const { publishReview } = await import('../../github/index.ts');
                const { octokitFromEnv } = await import('../../review/source/index.ts');
                const published = await publishReview({
                  octokit: octokitFromEnv(context.env),
                  db,
                  config,
                  report,
                  changeSet,
                  now: Date.now(),
                });
                context.stderr(
                  `posted ${published.posted} finding(s) to ${options.pr}; ${published.queued} wait in the human review queue\n`,
                );
              },
            }
          : {}),
      });
      if (options.output === undefined) context.stdout(output);
      else writeFileSync(options.output, output);
      setExitCode(exitCode);
    });
}

function parseBudget(value: string): number {
  const usd = Number(value);
  if (!/^\d+(\.\d+)?$/.test(value.trim()) || !Number.isFinite(usd) || usd <= 0) {
    throw new UsageError(`--budget ${JSON.stringify(value)} is not a positive amount of USD`, {
      hint: 'e.g. --budget 0.50',
    });
  }
  return usd;
}
