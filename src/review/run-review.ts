import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import { sql } from 'kysely';
import { appendLedgerEntry, type Notifier, scopesFor } from '../budget/index.ts';
import type { StewardConfig } from '../config/index.ts';
import { createMeter, providerSettingsFor, unreadyTiers } from '../llm/meter/index.ts';
import type { PriceBook } from '../llm/prices/index.ts';
import type { FetchFunction, Sleep } from '../llm/providers/index.ts';
import { usdToMicros } from '../money/index.ts';
import type { Database } from '../store/index.ts';
import type { ChangeSet, FileChange } from './change-set.ts';
import { loadReviewContext } from './context/load-context.ts';
import { type CategoryThresholds, calibratedThresholds, categoryStats } from './feedback/index.ts';
import { filterChanges, pathInstructionsFor } from './filter/index.ts';
import type { Category, Finding } from './finding.ts';
import {
  contextDigest,
  hunkKey,
  hunkKeyLocator,
  markOutdatedFindings,
  partitionByMemory,
  rememberResults,
} from './memory/index.ts';
import { planReview } from './plan/plan-review.ts';
import { recordReview } from './record/record-review.ts';
import { redactSecrets } from './redact/index.ts';
import type { FileScore } from './review-plan.ts';
import type { ReviewReport } from './review-report.ts';
import { systemPrompt } from './run/review-prompts.ts';
import { runUnits } from './run/run-units.ts';
import { scoreFile } from './score/index.ts';
import { runawayCheck } from './single-flight/runaway-check.ts';
import { nothingToDo, startSingleFlight } from './single-flight/start-single-flight.ts';
import { mergeDuplicates, routeFindings } from './validate/index.ts';

/** Used when neither `--budget` nor `budgets.per_pr.lifetime_usd` says what a review may cost. */
export const defaultReviewBudgetUsd = 2;

export interface ReviewOptions {
  changeSet: ChangeSet;
  config: StewardConfig;
  env: NodeJS.ProcessEnv;
  db: Kysely<Database>;
  priceBook: PriceBook;
  /** Directory that context file paths are relative to (where .steward.yml is). */
  root: string;
  /** USD; else the per-PR budget, else `defaultReviewBudgetUsd`. */
  budgetUsd?: number;
  /** Plan only: call no model, spend nothing. */
  planOnly: boolean;
  /** Review every hunk again, ignoring what this pull request had reviewed and the cache, even a head reviewed before. */
  full?: boolean;
  readHead?: ((path: string) => string | undefined) | undefined;
  gitattributes?: string | undefined;
  notify?: Notifier;
  fetch?: FetchFunction;
  sleep?: Sleep;
  signal?: AbortSignal;
  now?: () => number;
}

/**
 * The review pipeline: filter → redact → score → plan → run → validate → route → record.
 * Secrets are replaced before anything is priced or sent, and reported as findings at no model cost.
 */
export async function runReview(options: ReviewOptions): Promise<ReviewReport> {
  const now = options.now ?? Date.now;
  const startedAt = now();
  const runId = randomUUID();
  const source = options.changeSet.source;
  if (source.kind !== 'github' || options.planOnly) {
    const { report, files } = await reviewChange(options, runId, options.signal);
    await recordReview(options.db, report, startedAt, now(), hunkKeyLocator(files));
    return report;
  }
  const runaway = await runawayCheck(options.db, options.config, { repo: source.repo, pr: source.pr }, now());
  if (runaway !== undefined) return nothingToDo(options.changeSet, runId, runaway, 'runaway');
  const flight = await startSingleFlight(
    options.db,
    { repo: source.repo, pr: source.pr, head: source.headSha },
    runId,
    {
      leaseMs: options.config.review.lease_seconds * 1000,
      now,
      full: options.full === true,
      ...(options.signal === undefined ? {} : { signal: options.signal }),
    },
  );
  if (flight.kind !== 'acquired') return nothingToDo(options.changeSet, runId, flight.message, flight.kind);
  try {
    const { report, files } = await reviewChange(options, runId, flight.signal);
    if (flight.superseded()) {
      report.notes.push(
        'stopped: a newer push of this pull request is being reviewed; the hunks that finished are kept',
      );
    }
    const outdated = await markOutdatedFindings(
      options.db,
      { repo: source.repo, pr: source.pr },
      new Set(files.flatMap((file) => file.hunks.map((hunk) => hunkKey(file.path, hunk)))),
      now(),
    );
    if (outdated > 0) {
      report.notes.push(
        `${outdated} earlier finding(s) are outdated: a later push changed the code they pointed at`,
      );
    }
    await recordReview(options.db, report, startedAt, now(), hunkKeyLocator(files));
    return report;
  } finally {
    await flight.stop();
  }
}

/** The pipeline itself, for one run; the caller records the report. Also returns the redacted files. */
async function reviewChange(
  options: ReviewOptions,
  runId: string,
  signal: AbortSignal | undefined,
): Promise<{ report: ReviewReport; files: FileChange[] }> {
  const now = options.now ?? Date.now;
  const { config, changeSet } = options;
  const review = config.review;
  const notes: string[] = [];

  // Every file is scanned for secrets, also those the review skips (a key in a lock file or a vendored
  // folder is still a leak); only the files the filter keeps are sent anywhere.
  const redacted = await redactSecrets(changeSet.files);
  const { included, skipped } = filterChanges(redacted.files, {
    config: review,
    ...(options.readHead === undefined ? {} : { readHead: options.readHead }),
    ...(options.gitattributes === undefined ? {} : { gitattributes: options.gitattributes }),
  });
  const scores = new Map<string, FileScore>();
  for (const file of included)
    scores.set(file.path, scoreFile(file, { criticalPaths: review.critical_paths }));

  const context = loadReviewContext(review.context, options.root);
  if (context.truncated.length > 0) {
    notes.push(
      `context cut to review.context.max_tokens (${review.context.max_tokens}): ${context.truncated.join(', ')}`,
    );
  }
  const system = systemPrompt(context.text);
  const source = changeSet.source;
  const pullRequest = source.kind === 'github' ? { repo: source.repo, pr: source.pr } : undefined;
  const memory = await partitionByMemory({
    db: options.db,
    files: included,
    scores,
    config,
    context: contextDigest(system),
    pullRequest,
    full: options.full === true,
    now: now(),
  });
  if (memory.alreadyReviewed > 0) {
    notes.push(
      `${memory.alreadyReviewed} hunk(s) already reviewed in this pull request: not paid for or reported again`,
    );
  }
  if (memory.cacheHits > 0) {
    notes.push(`${memory.cacheHits} hunk(s) answered from the review cache at no cost`);
    if (!options.planOnly) await recordCacheHits(options, runId, memory.cacheHits, now());
  }
  const budgetUsd = options.budgetUsd ?? config.budgets.per_pr?.lifetime_usd ?? defaultReviewBudgetUsd;
  const { plan, work } = planReview({
    files: memory.files,
    scores,
    skipped: [...skipped, ...memory.skipped],
    config,
    priceBook: options.priceBook,
    budgetMicros: usdToMicros(budgetUsd),
    systemPrompt: system,
    instructionsFor: (path) => pathInstructionsFor(path, review),
  });

  const unready = unreadyTiers(config, providerSettingsFor(config, options.env), Object.values(review.tiers));
  let planOnly = options.planOnly;
  if (
    !planOnly &&
    unready.length > 0 &&
    plan.units.some((unit) => unready.some((entry) => entry.tier === unit.tier))
  ) {
    planOnly = true;
    const variables = [...new Set(unready.flatMap((entry) => entry.variables))];
    notes.push(
      `no model provider is configured for tier(s) ${unready.map((entry) => entry.tier).join(', ')}: set ${variables.join(' or ')} (or point review.tiers at a configured tier); only the free checks ran`,
    );
  }

  let modelFindings: Finding[] = [];
  let counts = { notOnChangedLines: 0, duplicates: 0, overLimit: 0, malformed: 0 };
  let incomplete: ReviewReport['incomplete'] = [];
  let completed = new Set<string>();
  if (!planOnly && work.length > 0) {
    const meter = createMeter({
      config,
      env: options.env,
      db: options.db,
      priceBook: options.priceBook,
      ...(options.notify === undefined ? {} : { notify: options.notify }),
      ...(options.fetch === undefined ? {} : { fetch: options.fetch }),
      ...(options.sleep === undefined ? {} : { sleep: options.sleep }),
      now,
    });
    const ran = await runUnits({
      meter,
      work,
      system,
      scores,
      scope: source.kind === 'github' ? { repo: source.repo, pr: source.pr, run: runId } : { run: runId },
      concurrency: review.concurrency,
      maxFindingsPerUnit: review.max_findings_per_unit,
      ...(signal === undefined ? {} : { signal }),
    });
    modelFindings = ran.findings;
    counts = ran.counts;
    incomplete = ran.incomplete;
    completed = ran.completed;
  }
  if (!planOnly) {
    await rememberResults({
      db: options.db,
      work,
      completed,
      findings: modelFindings,
      keysOf: memory.keysOf,
      cachedHunkKeys: memory.cachedHunkKeys,
      pullRequest,
      runId,
      now: now(),
      maxCacheEntries: review.cache.max_entries,
    });
  }

  const merged = mergeDuplicates([...redacted.findings, ...memory.cached, ...modelFindings]);
  counts.duplicates += redacted.findings.length + memory.cached.length + modelFindings.length - merged.length;
  const thresholds = options.planOnly ? {} : await feedbackThresholds(options.db, config, now(), notes);
  const findings = routeFindings(merged, review.post, thresholds).map((finding) => ({
    ...finding,
    id: randomUUID(),
    ...(finding.foundBy === 'secret-scan' ? { route: 'post' as const } : {}),
  }));
  const spentMicros = planOnly ? 0 : await spentByRun(options.db, runId);

  const report: ReviewReport = {
    runId,
    source: changeSet.source,
    fileCount: changeSet.files.length,
    unseen: changeSet.unseen,
    plan,
    findings,
    dropped: counts,
    spentMicros,
    budgetMicros: plan.budgetMicros,
    incomplete,
    notes,
    planOnly,
  };
  return { report, files: redacted.files };
}

/**
 * Posting thresholds raised by feedback over the last `feedback.window_days` (see review/feedback), with
 * a note for each category whose threshold moved.
 */
async function feedbackThresholds(
  db: Kysely<Database>,
  config: StewardConfig,
  at: number,
  notes: string[],
): Promise<CategoryThresholds> {
  const stats = await categoryStats(db, { since: at - config.feedback.window_days * 86_400_000 });
  const thresholds = calibratedThresholds(stats, config.review.post, config.feedback);
  for (const [category, threshold] of Object.entries(thresholds) as [Category, number][]) {
    const stat = stats[category];
    notes.push(
      `${category} findings need confidence ${threshold} to be posted (not ${config.review.post.min_confidence}): ${stat.accepted} of ${stat.judged} judged in the last ${config.feedback.window_days} days were accepted, below the target precision ${config.feedback.target_precision}`,
    );
  }
  return thresholds;
}

async function spentByRun(db: Kysely<Database>, runId: string): Promise<number> {
  const row = await db
    .selectFrom('ledger_entries')
    .select(sql<number>`coalesce(sum(actual_cost_micros), 0)`.as('total'))
    .where('run_id', '=', runId)
    .executeTakeFirstOrThrow();
  return Number(row.total);
}

/** Cache hits go to the ledger too, at zero cost, so that spend reports show what was not paid for. */
async function recordCacheHits(
  options: ReviewOptions,
  runId: string,
  hits: number,
  at: number,
): Promise<void> {
  const source = options.changeSet.source;
  const scope =
    source.kind === 'github'
      ? { agent: 'review' as const, repo: source.repo, pr: source.pr, run: runId }
      : { agent: 'review' as const, run: runId };
  await appendLedgerEntry(options.db, {
    id: randomUUID(),
    at,
    purpose: 'review:cache',
    agent: 'review',
    runId,
    repo: source.kind === 'github' ? source.repo : null,
    scopes: scopesFor(scope, options.config).map((entry) => entry.name),
    provider: 'cache',
    model: 'review-cache',
    estimatedInputTokens: 0,
    maxOutputTokens: 0,
    inputTokens: null,
    cachedInputTokens: null,
    cacheWriteTokens: null,
    outputTokens: null,
    estimatedCostMicros: 0,
    actualCostMicros: 0,
    latencyMs: null,
    outcome: 'cached',
    detail: `${hits} hunk(s) answered from the review cache`,
  });
}
