import type { Octokit } from '@octokit/rest';
import { StewardError, UsageError } from '../../errors/index.ts';
import type { ChangeSet, FileChange, UnseenChange } from '../change-set.ts';
import { fileChangeFromDiffEntry } from './file-change-from-diff-entry.ts';
import { createOctokit, type GitHubClientOptions } from './github-client.ts';
import { parseRepositoryName } from './pull-request-ref.ts';
import { readCommitsLocally } from './read-commits-locally.ts';

/** The most files GitHub's pull-request files endpoint lists. */
export const gitHubFileListLimit = 3_000;

export interface ReadPullRequestOptions {
  /** `owner/name` */
  repo: string;
  pr: number;
  /** A client, or how to make one. */
  octokit: Octokit | GitHubClientOptions;
  /**
   * A git checkout of the repository. Used when GitHub cannot show the whole change (more than 3,000
   * files, or patches too large to send): the change is then diffed there, fetching missing commits.
   */
  localCheckout?: string;
  renameLimit?: number;
}

/**
 * Reads a pull request's own changes (what GitHub shows under "Files changed": merge-base..head).
 * Whatever could not be seen is listed in `unseen` with the reason.
 */
export async function readPullRequest(options: ReadPullRequestOptions): Promise<ChangeSet> {
  const { owner, name } = parseRepositoryName(options.repo);
  if (!Number.isSafeInteger(options.pr) || options.pr < 1) {
    throw new UsageError(`${options.pr} is not a pull request number`, {
      hint: 'pass the number shown after # on GitHub',
    });
  }
  const octokit = 'request' in options.octokit ? options.octokit : createOctokit(options.octokit);
  const reference = `${options.repo}#${options.pr}`;

  const pull = await octokit.rest.pulls
    .get({ owner, repo: name, pull_number: options.pr })
    .catch((error: unknown) => Promise.reject(gitHubError(error, reference, 'read')));
  const { base, head, changed_files: changedFiles, html_url: url } = pull.data;
  const source = {
    kind: 'github',
    repo: options.repo,
    pr: options.pr,
    baseSha: base.sha,
    headSha: head.sha,
    url,
  } as const;

  const files: FileChange[] = [];
  const unseen: UnseenChange[] = [];
  try {
    const pages = octokit.paginate.iterator(octokit.rest.pulls.listFiles, {
      owner,
      repo: name,
      pull_number: options.pr,
      per_page: 100,
    });
    for await (const page of pages) {
      for (const entry of page.data) {
        const converted = fileChangeFromDiffEntry(entry);
        files.push(converted.file);
        if (converted.unseen !== undefined) unseen.push(converted.unseen);
      }
    }
  } catch (error) {
    if (error instanceof StewardError) throw error;
    throw gitHubError(error, reference, 'list the files of');
  }
  const missing = Math.max(0, changedFiles - files.length);
  if (missing === 0 && unseen.length === 0) return { source, files, unseen };

  let localFailure: string | undefined;
  if (options.localCheckout !== undefined) {
    const local = await readCommitsLocally({
      checkout: options.localCheckout,
      baseSha: base.sha,
      headSha: head.sha,
      headRefs: [`refs/pull/${options.pr}/head`],
      ...(options.renameLimit === undefined ? {} : { renameLimit: options.renameLimit }),
    });
    if ('files' in local) return { source, files: local.files, unseen: local.unseen };
    localFailure = local.failure;
  }
  if (missing > 0) {
    const why =
      localFailure === undefined
        ? 'give a local checkout of the repository to diff them with git'
        : `the local checkout could not be used: ${localFailure}`;
    unseen.push({
      reason: `${missing} of ${changedFiles} changed files could not be seen: GitHub lists at most ${gitHubFileListLimit} files of a pull request; ${why}`,
    });
  } else if (localFailure !== undefined) {
    unseen.push({ reason: `the local checkout could not fill in the missing patches: ${localFailure}` });
  }
  return { source, files, unseen };
}

function gitHubError(error: unknown, reference: string, action: string): StewardError {
  const status = typeof error === 'object' && error !== null && 'status' in error ? error.status : undefined;
  const message = error instanceof Error ? error.message : String(error);
  if (status === 401) {
    return new UsageError(
      `GitHub rejected the token while trying to ${action} ${reference} (401: ${message})`,
      {
        hint: 'check GITHUB_TOKEN: it may be mistyped, expired or revoked',
        cause: error,
      },
    );
  }
  if (status === 404) {
    return new UsageError(`pull request ${reference} was not found on GitHub`, {
      hint: 'check the repository and number; a private repository also answers 404 when the token cannot read it',
      cause: error,
    });
  }
  return new StewardError(
    `could not ${action} pull request ${reference} on GitHub: ${status === undefined ? message : `${status} ${message}`}`,
    {
      hint:
        status === 403
          ? 'the token needs read access to pull requests, or the rate limit is used up'
          : 'try again later',
      cause: error,
    },
  );
}
