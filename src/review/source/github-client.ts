import { Octokit } from '@octokit/rest';
import { UsageError } from '../../errors/index.ts';

/** How to reach the GitHub REST API. */
export interface GitHubClientOptions {
  token: string;
  /** The API root, e.g. `https://ghe.example.com/api/v3`. Default `https://api.github.com`. */
  baseUrl?: string;
}

/** An Octokit client for a token and an optional API root (GitHub Enterprise Server, tests). */
export function createOctokit(options: GitHubClientOptions): Octokit {
  if (options.token.trim() === '') {
    throw new UsageError('the GitHub token is empty', {
      hint: 'set GITHUB_TOKEN to a token that can read pull requests',
    });
  }
  const baseUrl =
    options.baseUrl === undefined ? undefined : checkedBaseUrl(options.baseUrl, 'the GitHub API URL');
  return new Octokit({
    auth: options.token,
    userAgent: 'steward',
    // A failed request becomes a Steward error carrying the same facts; Octokit's own log would print it twice.
    log: { debug: ignore, info: ignore, warn: console.warn, error: ignore },
    ...(baseUrl === undefined ? {} : { baseUrl }),
  });
}

/** An Octokit client from `GITHUB_TOKEN` and, for GitHub Enterprise Server, `GITHUB_API_URL`. */
export function octokitFromEnv(env: NodeJS.ProcessEnv = process.env): Octokit {
  const token = env.GITHUB_TOKEN;
  if (token === undefined || token.trim() === '') {
    throw new UsageError('GITHUB_TOKEN is not set: reading a pull request needs a GitHub token', {
      hint: 'export GITHUB_TOKEN=<a token that can read pull requests>; in GitHub Actions, pass the github.token of the workflow',
    });
  }
  const apiUrl = env.GITHUB_API_URL;
  const baseUrl =
    apiUrl === undefined || apiUrl === '' ? undefined : checkedBaseUrl(apiUrl, 'GITHUB_API_URL');
  return createOctokit({ token, ...(baseUrl === undefined ? {} : { baseUrl }) });
}

function ignore(): void {}

function checkedBaseUrl(value: string, name: string): string {
  let url: URL | undefined;
  try {
    url = new URL(value);
  } catch {
    url = undefined;
  }
  if (url === undefined || (url.protocol !== 'https:' && url.protocol !== 'http:')) {
    throw new UsageError(`${name} is not an http(s) URL: "${value}"`, {
      hint: 'use https://api.github.com, or https://<host>/api/v3 for GitHub Enterprise Server',
    });
  }
  return value.replace(/\/+$/, '');
}
