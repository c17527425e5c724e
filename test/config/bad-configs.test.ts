import assert from 'node:assert/strict';
import { test } from 'node:test';
import { makeWorkspace, runCli } from '../support/run-cli.ts';

/** Each case: a .steward.yml, and the exact lines `steward config check` must print for it. */
const cases: { name: string; yaml: string; expected: string[] }[] = [
  {
    name: 'YAML syntax error',
    yaml: 'budgets:\n  org: [1, 2\n',
    expected: [
      '.steward.yml:3: YAML syntax: Flow sequence in block collection must be sufficiently indented and end with a ]',
    ],
  },
  {
    name: 'unknown key, with a suggestion',
    yaml: 'budgets:\n  org:\n    montly_usd: 100\n',
    expected: [
      '.steward.yml:3: budgets.org.montly_usd: unknown key "montly_usd" (did you mean "monthly_usd"?)',
    ],
  },
  {
    name: 'unknown top-level key, listing the known ones',
    yaml: 'version: 1\nxyzzy: true\n',
    expected: [
      '.steward.yml:2: xyzzy: unknown key "xyzzy" (known keys: version, providers, tiers, prices, calls, teams, budgets, review, github, queue, feedback, server, incidents, approvals, learning)',
    ],
  },
  {
    name: 'wrong type for a budget',
    yaml: 'budgets:\n  org:\n    monthly_usd: lots\n',
    expected: ['.steward.yml:3: budgets.org.monthly_usd: expected a positive number, got "lots"'],
  },
  {
    name: 'negative budget',
    yaml: 'budgets:\n  repos:\n    acme/api:\n      daily_usd: -5\n',
    expected: ['.steward.yml:4: budgets.repos.acme/api.daily_usd: expected a positive number, got -5'],
  },
  {
    name: 'unknown tier name',
    yaml: 'tiers:\n  cheap:\n    model: openai:gpt-4.1-nano\n    max_output_tokens: 1000\nreview:\n  tiers:\n    complex: ultra\n',
    expected: [
      '.steward.yml:7: review.tiers.complex: unknown tier "ultra" (defined tiers: fast, balanced, deep, cheap; add it under tiers:)',
    ],
  },
  {
    name: 'a tier without a model',
    yaml: 'tiers:\n  fast:\n    max_output_tokens: 1000\n',
    expected: ['.steward.yml:3: tiers.fast.model: is required'],
  },
  {
    name: 'output cap that is not a whole number',
    yaml: 'tiers:\n  fast:\n    model: openai:gpt-4.1-mini\n    max_output_tokens: 1.5\n',
    expected: ['.steward.yml:4: tiers.fast.max_output_tokens: expected a positive whole number, got 1.5'],
  },
  {
    name: 'model with an unknown provider',
    yaml: 'tiers:\n  fast:\n    model: mistral:small\n    max_output_tokens: 1000\n',
    expected: [
      '.steward.yml:3: tiers.fast.model: unknown provider "mistral" in "mistral:small" (known: openai, anthropic; add it under providers.compatible:)',
    ],
  },
  {
    name: 'secret in the file',
    yaml: 'providers:\n  anthropic:\n    api_key: sk-ant-123\n',
    expected: [
      '.steward.yml:3: providers.anthropic.api_key: secrets are read from the environment only: remove this key and set ANTHROPIC_API_KEY',
    ],
  },
  {
    name: 'bad enum value',
    yaml: 'providers:\n  openai:\n    api: completions\n',
    expected: ['.steward.yml:3: providers.openai.api: expected "chat" or "responses", got "completions"'],
  },
  {
    name: 'endpoint that is not a URL',
    yaml: 'providers:\n  compatible:\n    ollama:\n      base_url: localhost:11434\n',
    expected: [
      '.steward.yml:4: providers.compatible.ollama.base_url: expected an http(s) URL, got "localhost:11434"',
    ],
  },
  {
    name: 'unknown time zone',
    yaml: 'budgets:\n  timezone: Mars/Olympus\n',
    expected: [
      '.steward.yml:2: budgets.timezone: expected an IANA time zone such as "UTC" or "Europe/Berlin", got "Mars/Olympus"',
    ],
  },
  {
    name: 'thresholds out of order',
    yaml: 'budgets:\n  alerts:\n    thresholds: [1, 0.8]\n',
    expected: [
      '.steward.yml:3: budgets.alerts.thresholds: expected thresholds in increasing order without repeats, got [1, 0.8]',
    ],
  },
  {
    name: 'budget for a team that is not defined',
    yaml: 'teams:\n  platform:\n    repos: [acme/api]\nbudgets:\n  teams:\n    payments:\n      monthly_usd: 50\n',
    expected: [
      '.steward.yml:6: budgets.teams.payments: unknown team "payments" (define it under teams: with the repositories it owns)',
    ],
  },
  {
    name: 'duplicate key',
    yaml: 'learning:\n  tier: fast\nlearning:\n  tier: deep\n',
    expected: ['.steward.yml:3: YAML syntax: Map keys must be unique'],
  },
  {
    name: 'a list at the top level',
    yaml: '- budgets\n- tiers\n',
    expected: ['.steward.yml:1: expected a mapping of settings at the top level, got a list'],
  },
  {
    name: 'a mapping where a list belongs',
    yaml: 'budgets:\n  alerts:\n    webhooks:\n      url: https://hooks.example.com/steward\n',
    expected: ['.steward.yml:4: budgets.alerts.webhooks: expected a list, got a mapping'],
  },
  {
    name: 'approval rule naming an approver group that is not defined',
    yaml: 'approvals:\n  groups:\n    sre: [alice, bob]\n  rules:\n    - kinds: [restart]\n      decision: approve\n      approvers:\n        - sre\n        - dba\n',
    expected: [
      '.steward.yml:9: approvals.rules.0.approvers.1: unknown approver group "dba" (define it under approvals.groups:)',
    ],
  },
  {
    name: 'approval rule letting wide actions run without approval',
    yaml: 'approvals:\n  rules:\n    - kinds: [restart]\n      environments: [staging]\n      wide: true\n      decision: auto\n',
    expected: [
      '.steward.yml:6: approvals.rules.0.decision: a wide action cannot run without approval: use approve (with more approvers) or deny',
    ],
  },
  {
    name: 'approval rule needing more approvals than its groups have people',
    yaml: 'approvals:\n  groups:\n    sre: [alice, bob]\n    leads: [dana]\n  rules:\n    - kinds: [deploy]\n      decision: approve\n      approvers: [sre]\n      min_approvals: 3\n',
    expected: [
      '.steward.yml:9: approvals.rules.0.min_approvals: needs 3 approvals but only 2 people are in its approver groups: such a request could never run',
    ],
  },
  {
    name: 'approval rule counting a person in two of its groups once',
    yaml: 'approvals:\n  groups:\n    sre: [alice, bob]\n    leads: [alice]\n  rules:\n    - decision: approve\n      approvers: [sre, leads]\n      min_approvals: 3\n',
    expected: [
      '.steward.yml:8: approvals.rules.0.min_approvals: needs 3 approvals but only 2 people are in its approver groups: such a request could never run',
    ],
  },
  {
    name: 'approval rule without approvers counts every group',
    yaml: 'approvals:\n  groups:\n    sre: [alice]\n    leads: [dana]\n  rules:\n    - kinds: [restart]\n      decision: approve\n    - kinds: [deploy]\n      decision: approve\n      min_approvals: 3\n',
    expected: [
      '.steward.yml:10: approvals.rules.1.min_approvals: needs 3 approvals but only 2 people are in its approver groups: such a request could never run',
    ],
  },
  {
    name: 'approval executor with both a webhook and a command',
    yaml: 'approvals:\n  executor:\n    webhook_url: https://runner.example.com/steward\n    command: [./run-step.sh]\n',
    expected: [
      '.steward.yml:4: approvals.executor.command: both webhook_url and command are set: keep one, so that it is clear what runs the steps',
    ],
  },
  {
    name: 'approval rule with an unknown action kind',
    yaml: 'approvals:\n  rules:\n    - kinds:\n        - restart\n        - reboot\n      decision: deny\n',
    expected: [
      '.steward.yml:5: approvals.rules.0.kinds.1: expected "deploy" or "rollback" or "restart" or "scale" or "config_change" or "infra_change" or "escalate" or "page" or "suggest" or "analyse", got "reboot"',
    ],
  },
  {
    name: 'approvals.slack.users keyed by something that is not a Slack user id',
    yaml: 'approvals:\n  slack:\n    channel: "#approvals"\n    users:\n      U012AB3CD: alice\n      alice: bob\n',
    expected: [
      '.steward.yml:6: approvals.slack.users.alice: invalid key: expected a Slack user id such as "U012AB3CD"',
    ],
  },
  {
    name: 'blast radius instance share above 1',
    yaml: 'approvals:\n  blast_radius:\n    max_targets_per_step: 2\n    max_instance_share: 1.5\n',
    expected: [
      '.steward.yml:4: approvals.blast_radius.max_instance_share: expected a number from 0 to 1, got 1.5',
    ],
  },
  {
    name: 'several approval problems at once, in file order',
    yaml: 'approvals:\n  groups:\n    sre: [alice]\n  rules:\n    - decision: approve\n      approvers: [ops]\n      min_approvals: 2\n    - wide: true\n      decision: auto\n',
    expected: [
      '.steward.yml:6: approvals.rules.0.approvers.0: unknown approver group "ops" (define it under approvals.groups:)',
      '.steward.yml:7: approvals.rules.0.min_approvals: needs 2 approvals but only 0 people are in its approver groups: such a request could never run',
      '.steward.yml:9: approvals.rules.1.decision: a wide action cannot run without approval: use approve (with more approvers) or deny',
    ],
  },
  {
    name: 'several problems at once, in file order',
    yaml: 'budgets:\n  org:\n    daily_usd: 0\ncalls:\n  max_retries: many\n',
    expected: [
      '.steward.yml:3: budgets.org.daily_usd: expected a positive number, got 0',
      '.steward.yml:5: calls.max_retries: expected a number, got "many"',
    ],
  },
];

for (const { name, yaml, expected } of cases) {
  test(`bad configuration: ${name}`, async () => {
    const workspace = makeWorkspace({ '.steward.yml': yaml, '.git/HEAD': '' });
    try {
      const run = await runCli(['config', 'check'], { cwd: workspace.dir });
      assert.equal(run.code, 2, run.stderr);
      const lines = run.stderr.split('\n').map((line) => line.trim());
      assert.equal(lines[0], 'steward: invalid configuration');
      assert.deepEqual(lines.slice(1, 1 + expected.length), expected);
      assert.match(run.stderr, /^next: /m);
      assert.equal(run.stdout, '');
    } finally {
      workspace.remove();
    }
  });
}

test('bad environment: DATABASE_URL that is not a PostgreSQL URL, without echoing it', async () => {
  const workspace = makeWorkspace({ '.git/HEAD': '' });
  try {
    const run = await runCli(['config', 'check'], {
      cwd: workspace.dir,
      env: { DATABASE_URL: 'mysql://root:hunter2@db/steward' },
    });
    assert.equal(run.code, 2);
    assert.match(
      run.stderr,
      /^ {2}DATABASE_URL: expected a URL such as postgres:\/\/user:password@host:5432\/steward$/m,
    );
    assert.doesNotMatch(run.stderr, /hunter2/);
  } finally {
    workspace.remove();
  }
});

test('bad environment: GITHUB_APP_ID that is not a number', async () => {
  const workspace = makeWorkspace({ '.git/HEAD': '' });
  try {
    const run = await runCli(['config', 'check'], { cwd: workspace.dir, env: { GITHUB_APP_ID: 'my-app' } });
    assert.equal(run.code, 2);
    assert.match(
      run.stderr,
      /GITHUB_APP_ID: expected the numeric App ID shown on the GitHub App settings page/,
    );
  } finally {
    workspace.remove();
  }
});

test('--config naming a missing file', async () => {
  const workspace = makeWorkspace({ '.git/HEAD': '' });
  try {
    const run = await runCli(['--config', 'nope.yml', 'config', 'check'], { cwd: workspace.dir });
    assert.equal(run.code, 2);
    assert.match(run.stderr, /^ {2}nope\.yml: cannot read the configuration: no such file$/m);
    assert.match(run.stderr, /next: run `steward init`/);
  } finally {
    workspace.remove();
  }
});
