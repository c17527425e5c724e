import type { Octokit } from '@octokit/rest';
import type { Kysely } from 'kysely';
import type { StewardConfig } from '../../config/index.ts';
import type { ChangeSet } from '../../review/change-set.ts';
import { queueHints } from '../../review/queue/index.ts';
import type { ReviewReport } from '../../review/review-report.ts';
import type { Database } from '../../store/index.ts';
import { postReviewToPullRequest } from '../post/index.ts';
import { fetchCodeowners } from './fetch-codeowners.ts';

/**
 * Brings a pull request's review to GitHub: uncertain findings of the queued categories wait for a
 * human (their reviewer from CODEOWNERS, else the configured team); the rest are posted as one review
 * with the summary comment and a check run. Shared by `steward serve` and `steward review --post`.
 */
export async function publishReview(options: {
  octokit: Octokit;
  db: Kysely<Database>;
  config: StewardConfig;
  report: ReviewReport;
  changeSet: ChangeSet;
  now: number;
}): Promise<{ posted: number; queued: number }> {
  const { octokit, db, config, report, changeSet } = options;
  const source = changeSet.source;
  if (source.kind !== 'github') return { posted: 0, queued: 0 };
  const codeowners = await fetchCodeowners(octokit, source.repo, source.baseSha);
  const queue = await queueHints({
    db,
    report,
    repo: source.repo,
    pr: source.pr,
    head: source.headSha,
    config: config.queue,
    ...(codeowners === undefined ? {} : { codeowners }),
    now: options.now,
  });
  const posted = await postReviewToPullRequest({
    octokit,
    db,
    repo: source.repo,
    pr: source.pr,
    headSha: source.headSha,
    report,
    files: changeSet.files,
    config: config.github,
    queued: queue.queued,
    now: options.now,
  });
  return { posted: posted.posted, queued: queue.queued };
}
