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
      '.steward.yml:2: xyzzy: unknown key "xyzzy" (known keys: version, providers, tiers, prices, calls, teams, budgets, review, github, queue, feedback, server, incidents, learning)',
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
