import { PermanentJobError } from '../../jobs/index.ts';
import { collectReactions } from '../feedback/collect-reactions.ts';
import type { GitHubJobContext } from './github-job-context.ts';
import { installationOf } from './installation-of.ts';
import { collectFeedbackPayload } from './job-payloads.ts';

/** When a pull request closes: read the last reactions on Steward's comments. */
export async function collectFeedbackJob(context: GitHubJobContext, raw: unknown): Promise<void> {
  const parsed = collectFeedbackPayload.safeParse(raw);
  if (!parsed.success)
    throw new PermanentJobError(`feedback job payload is not valid: ${parsed.error.message}`);
  const job = parsed.data;
  const octokit = context.clients.forInstallation(
    job.installationId ?? (await installationOf(context.db, job)),
  );
  const recorded = await collectReactions(octokit, context.db, job);
  context.logger.info({ repo: job.repo, pr: job.pr, recorded }, 'feedback collected');
}
