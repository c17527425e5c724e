import { existsSync } from 'node:fs';
import { dirname, isAbsolute, join } from 'node:path';
import type { Environment, LoadedConfig } from '../config/index.ts';
import { type Check, fail, ok, warn } from './check.ts';

/** Each provider that a tier uses must have its key (and, for compatible endpoints, a base URL). */
export function checkProviders(loaded: LoadedConfig): Check[] {
  const { config, environment } = loaded;
  const used = new Set<string>();
  for (const tier of Object.values(config.tiers)) {
    for (const model of [tier.model, ...tier.fallbacks]) used.add(providerOf(model));
  }
  const checks: Check[] = [];
  for (const provider of [...used].sort()) {
    const name = `provider ${provider}`;
    if (provider === 'openai' || provider === 'anthropic') {
      const keyName = provider === 'openai' ? 'OPENAI_API_KEY' : 'ANTHROPIC_API_KEY';
      const baseName = provider === 'openai' ? 'OPENAI_BASE_URL' : 'ANTHROPIC_BASE_URL';
      const baseUrl = config.providers[provider].base_url ?? environment[baseName] ?? 'default endpoint';
      checks.push(
        environment[keyName] === undefined
          ? fail(
              name,
              `${keyName} is not set`,
              `export ${keyName}=… (or remove ${provider} models from tiers:)`,
            )
          : ok(name, `key set, ${baseUrl}`),
      );
    } else if (provider === 'unknown') {
      checks.push(
        warn(
          name,
          'a tier names a model without a provider prefix',
          'write models as provider:model, e.g. openai:gpt-4.1-mini',
        ),
      );
    } else {
      const endpoint = config.providers.compatible[provider];
      checks.push(
        endpoint === undefined
          ? fail(name, 'not configured', `add providers.compatible.${provider}.base_url to .steward.yml`)
          : ok(name, endpoint.base_url),
      );
    }
  }
  return checks;
}

function providerOf(model: string): string {
  const colon = model.indexOf(':');
  return colon > 0 ? model.slice(0, colon) : 'unknown';
}

/** The GitHub App is optional until `steward serve` receives webhooks. */
export function checkGitHubApp(environment: Environment): Check {
  const names = ['GITHUB_APP_ID', 'GITHUB_PRIVATE_KEY', 'GITHUB_WEBHOOK_SECRET'] as const;
  const missing = names.filter((name) => environment[name] === undefined);
  if (missing.length === 0)
    return ok('github app', `app ${environment.GITHUB_APP_ID}, key and webhook secret set`);
  if (missing.length === names.length) {
    return warn(
      'github app',
      'not configured (needed only for the GitHub integration)',
      `set ${names.join(', ')}`,
    );
  }
  return fail('github app', `partly configured: ${missing.join(', ')} missing`, `set ${missing.join(', ')}`);
}

const alertSourceVariables = {
  alertmanager: 'STEWARD_ALERTMANAGER_TOKEN',
  pagerduty: 'STEWARD_PAGERDUTY_TOKEN',
  generic: 'STEWARD_ALERTS_TOKEN',
} as const;

/** Alert sources answer 503 until their secret is set; a configured runbooks folder must exist. */
export function checkIncidents(
  loaded: LoadedConfig,
  folderExists: (path: string) => boolean = existsSync,
): Check[] {
  const { config, environment } = loaded;
  const unset = (Object.keys(alertSourceVariables) as (keyof typeof alertSourceVariables)[]).filter(
    (source) =>
      config.incidents.sources[source].auth !== 'none' &&
      environment[alertSourceVariables[source]] === undefined,
  );
  const checks: Check[] = [
    unset.length === 0
      ? ok('alert sources', 'every source can verify its deliveries')
      : warn(
          'alert sources',
          `${unset.join(', ')} answer 503 until their secret is set (needed only for incidents)`,
          `set ${unset.map((source) => alertSourceVariables[source]).join(', ')}`,
        ),
  ];
  const runbooks = config.incidents.runbooks_dir;
  if (runbooks !== undefined) {
    const path =
      isAbsolute(runbooks) || loaded.path === undefined ? runbooks : join(dirname(loaded.path), runbooks);
    checks.push(
      folderExists(path)
        ? ok('runbooks', path)
        : fail(
            'runbooks',
            `incidents.runbooks_dir ${path} does not exist`,
            'create it or fix incidents.runbooks_dir',
          ),
    );
  }
  return checks;
}
