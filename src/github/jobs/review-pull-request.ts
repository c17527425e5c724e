import { PermanentJobError } from '../../jobs/index.ts';
import { runReview } from '../../review/run-review.ts';
import { readPullRequest } from '../../review/source/index.ts';
import { collectReactions } from '../feedback/collect-reactions.ts';
import type { GitHubJobContext } from './github-job-context.ts';
import { reviewPullRequestPayload } from './job-payloads.ts';
import { publishReview } from './publish-review.ts';

/**
 * One queued pull-request review: read the pull request as it is now, collect the feedback given so far,
 * review its head (once per head: see review/single-flight), queue the uncertain security and bug
 * findings for a human, and post the rest with the summary and a check run.
 */
export async function reviewPullRequestJob(
  context: GitHubJobContext,
  raw: unknown,
  signal: AbortSignal,
): Promise<void> {
  const parsed = reviewPullRequestPayload.safeParse(raw);
  if (!parsed.success)
    throw new PermanentJobError(`review job payload is not valid: ${parsed.error.message}`);
  const job = parsed.data;
  const { db, config, logger } = context;
  const state = await db
    .selectFrom('github_pull_requests')
    .selectAll()
    .where('repo', '=', job.repo)
    .where('pr', '=', job.pr)
    .executeTakeFirst();
  if (state?.paused === 1) {
    logger.info({ repo: job.repo, pr: job.pr }, 'review skipped: paused with /steward pause');
    return;
  }
  const installationId = job.installationId ?? state?.installation_id ?? undefined;
  await db
    .insertInto('github_pull_requests')
    .values({
      repo: job.repo,
      pr: job.pr,
      installation_id: installationId ?? null,
      paused: 0,
      summary_comment_id: null,
      updated_at_ms: context.now(),
    })
    .onConflict((conflict) =>
      conflict.columns(['repo', 'pr']).doUpdateSet({
        ...(installationId === undefined ? {} : { installation_id: installationId }),
        updated_at_ms: context.now(),
      }),
    )
    .execute();

  const octokit = context.clients.forInstallation(installationId);
  await collectReactions(octokit, db, job);
  const changeSet = await readPullRequest({ repo: job.repo, pr: job.pr, octokit });
  if (changeSet.source.kind !== 'github') return;
  const source = changeSet.source;
  const report = await runReview({
    changeSet,
    config,
    env: context.env,
    db,
    priceBook: context.priceBook,
    root: context.root,
    planOnly: false,
    full: job.full,
    signal,
    now: context.now,
    ...(context.notify === undefined ? {} : { notify: context.notify }),
  });
  if (report.nothingToDo === 'done' || report.nothingToDo === 'running') {
    logger.info({ repo: job.repo, pr: job.pr, head: source.headSha }, report.notes.join('; '));
    return;
  }
  const published = await publishReview({ octokit, db, config, report, changeSet, now: context.now() });
  logger.info(
    {
      repo: job.repo,
      pr: job.pr,
      head: source.headSha,
      run: report.runId,
      posted: published.posted,
      queued: published.queued,
    },
    'review posted',
  );
}
