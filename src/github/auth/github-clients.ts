import { createAppAuth } from '@octokit/auth-app';
import { Octokit } from '@octokit/rest';
import { UsageError } from '../../errors/index.ts';
import { octokitFromEnv } from '../../review/source/index.ts';
import { installationTokenCache } from './installation-token-cache.ts';

/** How Steward authenticates to GitHub: as a GitHub App (per installation), or with one token. */
export interface GitHubClients {
  readonly mode: 'app' | 'token';
  /** A client for a repository's installation; with a plain token, that token's client. */
  forInstallation(installationId: number | undefined): Octokit;
}

export interface GitHubClientsOptions {
  env: NodeJS.ProcessEnv;
  /** For tests: the clock that decides when a cached installation token is too old. */
  now?: () => number;
}

/**
 * With `GITHUB_APP_ID` and `GITHUB_PRIVATE_KEY`, clients authenticate as the App's installations
 * (`@octokit/auth-app`: a JWT signed with the key buys an installation token, cached until five
 * minutes before it expires). Otherwise `GITHUB_TOKEN` serves every repository.
 * `GITHUB_API_URL` points both at GitHub Enterprise Server or a test server.
 */
export function createGitHubClients(options: GitHubClientsOptions): GitHubClients {
  const { env } = options;
  const appId = env.GITHUB_APP_ID;
  const privateKey = env.GITHUB_PRIVATE_KEY?.replaceAll('\\n', '\n');
  if (appId === undefined || appId === '' || privateKey === undefined || privateKey === '') {
    return {
      mode: 'token',
      forInstallation: (() => {
        let client: Octokit | undefined;
        return () => {
          client ??= octokitFromEnv(env);
          return client;
        };
      })(),
    };
  }
  const baseUrl =
    env.GITHUB_API_URL === undefined || env.GITHUB_API_URL === ''
      ? undefined
      : env.GITHUB_API_URL.replace(/\/+$/, '');
  const cache = installationTokenCache(options.now === undefined ? {} : { now: options.now });
  const clients = new Map<number, Octokit>();
  return {
    mode: 'app',
    forInstallation(installationId) {
      if (installationId === undefined) {
        throw new UsageError('this pull request has no GitHub App installation on record', {
          hint: 'install the App on the repository, or set GITHUB_TOKEN instead of GITHUB_APP_ID',
        });
      }
      let client = clients.get(installationId);
      if (client === undefined) {
        client = new Octokit({
          authStrategy: createAppAuth,
          auth: { appId: Number(appId), privateKey, installationId, cache },
          userAgent: 'steward',
          log: { debug: ignore, info: ignore, warn: console.warn, error: ignore },
          ...(baseUrl === undefined ? {} : { baseUrl }),
        });
        clients.set(installationId, client);
      }
      return client;
    },
  };
}

function ignore(): void {}
