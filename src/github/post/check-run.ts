import type { Octokit } from '@octokit/rest';
import { gitHubReason, statusOf } from './github-posting-error.ts';
import type { PullRequestAddress } from './posted-on-github.ts';

/** GitHub's limit on a check run's `output.summary` and `output.text`, which it counts in UTF-8 bytes. */
export const checkRunOutputLimit = 65_535;
/** Markdown of at most this many UTF-16 code units never exceeds `checkRunOutputLimit` bytes. */
export const checkRunTextLength = Math.floor(checkRunOutputLimit / 3);
export const checkRunName = 'Steward';

export type CheckRunConclusion = 'success' | 'neutral';

/**
 * Reports the run as a completed check run named "Steward" on the head. Never throws: a check run is
 * a courtesy (a plain token usually lacks the checks permission), so a failure comes back as a reason.
 */
export async function createCheckRun(options: {
  octokit: Octokit;
  address: PullRequestAddress;
  headSha: string;
  conclusion: CheckRunConclusion;
  title: string;
  summary: string;
  text: string;
  now: number;
}): Promise<{ id: number } | { failure: string }> {
  try {
    const { data } = await options.octokit.rest.checks.create({
      owner: options.address.owner,
      repo: options.address.name,
      name: checkRunName,
      head_sha: options.headSha,
      status: 'completed',
      conclusion: options.conclusion,
      completed_at: new Date(options.now).toISOString(),
      output: {
        title: cutToBytes(options.title, 1_000),
        summary: cutToBytes(options.summary, checkRunOutputLimit),
        text: cutToBytes(options.text, checkRunOutputLimit),
      },
    });
    return { id: Number(data.id) };
  } catch (error) {
    const status = statusOf(error);
    const hint =
      status === 403
        ? ' (the token lacks the checks permission: check runs need a GitHub App, or `checks: write` for a workflow token)'
        : '';
    return {
      failure: `the check run was not created: ${status === undefined ? '' : `${status} `}${gitHubReason(error)}${hint}`,
    };
  }
}

/** Cuts text to at most `limit` UTF-8 bytes, on a character boundary, ending with `…` when cut. */
export function cutToBytes(text: string, limit: number): string {
  if (Buffer.byteLength(text, 'utf8') <= limit) return text;
  const bytes = Buffer.from(text, 'utf8');
  let end = limit - 3; // room for '…' (3 bytes)
  // Step back to the start of a character: continuation bytes are 10xxxxxx.
  while (end > 0 && ((bytes[end] ?? 0) & 0xc0) === 0x80) end--;
  return `${bytes.subarray(0, end).toString('utf8')}…`;
}
