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

/**
 * The approval gate: what runs approved steps (and its secret), who can decide through the API, and
 * whether Slack can post requests and verify button clicks.
 */
export function checkApprovals(loaded: LoadedConfig): Check[] {
  const { config, environment } = loaded;
  const approvals = config.approvals;
  const executor = approvals.executor;
  const checks: Check[] = [];
  if (executor.webhook_url !== undefined) {
    checks.push(
      environment.STEWARD_EXECUTOR_SECRET === undefined
        ? fail(
            'approvals executor',
            `webhook ${executor.webhook_url} configured, but STEWARD_EXECUTOR_SECRET is not set: approved actions fail`,
            'export STEWARD_EXECUTOR_SECRET=… (the receiver verifies X-Steward-Signature with it)',
          )
        : ok('approvals executor', `webhook ${executor.webhook_url}, signed`),
    );
  } else if (executor.command !== undefined) {
    checks.push(ok('approvals executor', `command ${executor.command.join(' ')}`));
  } else {
    checks.push(
      warn(
        'approvals executor',
        'none configured: approved production actions fail with "no executor"',
        'set approvals.executor.webhook_url or approvals.executor.command',
      ),
    );
  }
  const approvers = new Set(Object.values(approvals.groups).flat()).size;
  const tokens = environment.STEWARD_APPROVER_TOKENS;
  checks.push(
    approvers === 0
      ? warn(
          'approvers',
          'approvals.groups is empty: actions that need approval can never run',
          'add approvals.groups with the people who approve',
        )
      : tokens === undefined
        ? warn(
            'approvers',
            `${approvers} approver(s); none can decide through the API (CLI and Slack still work)`,
            'export STEWARD_APPROVER_TOKENS=name=token,…',
          )
        : ok('approvers', `${approvers} approver(s) in ${Object.keys(approvals.groups).length} group(s)`),
  );
  if (approvals.slack.channel !== undefined) {
    const missing = (['SLACK_BOT_TOKEN', 'SLACK_SIGNING_SECRET'] as const).filter(
      (name) => environment[name] === undefined,
    );
    checks.push(
      missing.length === 0
        ? ok('approvals slack', `requests go to ${approvals.slack.channel}`)
        : fail(
            'approvals slack',
            `approvals.slack.channel is set, but ${missing.join(' and ')} ${missing.length === 1 ? 'is' : 'are'} not`,
            `export ${missing.join(', ')}`,
          ),
    );
  }
  return checks;
}
