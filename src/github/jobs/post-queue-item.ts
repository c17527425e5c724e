import type { QueueItem } from '../../review/queue/index.ts';
import { postSingleFinding } from '../post/index.ts';
import type { GitHubJobContext } from './github-job-context.ts';
import { installationOf } from './installation-of.ts';

/** Posts a queue item a human accepted to its pull request, as the App installation (or token) that reviewed it. */
export async function postQueueItem(
  context: Pick<GitHubJobContext, 'db' | 'clients' | 'now'>,
  item: QueueItem,
): Promise<void> {
  const octokit = context.clients.forInstallation(await installationOf(context.db, item));
  await postSingleFinding({
    octokit,
    db: context.db,
    repo: item.repo,
    pr: item.pr,
    headSha: item.head,
    fingerprint: item.fingerprint,
    finding: {
      id: item.findingId,
      path: item.path,
      startLine: item.startLine,
      endLine: item.endLine,
      severity: item.severity,
      category: item.category,
      confidence: item.confidence,
      title: item.title,
      explanation: item.explanation,
      ...(item.replacement === undefined || item.replacement === null
        ? {}
        : { replacement: item.replacement }),
      foundBy: 'review-queue',
      route: 'post',
    },
    now: context.now(),
  });
}
