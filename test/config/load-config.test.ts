import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { loadConfig, parseConfig, starterConfig } from '../../src/config/index.ts';
import { ConfigError } from '../../src/errors/index.ts';
import { makeWorkspace, runCli } from '../support/run-cli.ts';

test('an empty file and no file both give the defaults', () => {
  const empty = parseConfig('', '.steward.yml');
  assert.deepEqual(empty.errors, []);
  assert.deepEqual(empty.config?.review.tiers, { simple: 'fast', standard: 'balanced', complex: 'deep' });
  assert.deepEqual(Object.keys(empty.config?.tiers ?? {}), ['fast', 'balanced', 'deep']);
  assert.equal(empty.config?.budgets.timezone, 'UTC');
  assert.deepEqual(empty.config?.budgets.alerts.thresholds, [0.8, 1]);
});

test('a tier in the file replaces the default of the same name and keeps the others', () => {
  const parsed = parseConfig(
    'tiers:\n  fast:\n    model: ollama:llama3.1\n    max_output_tokens: 512\nproviders:\n  compatible:\n    ollama:\n      base_url: http://127.0.0.1:11434/v1\n',
    'x',
  );
  assert.deepEqual(parsed.errors, []);
  assert.deepEqual(parsed.config?.tiers.fast, {
    model: 'ollama:llama3.1',
    fallbacks: [],
    max_output_tokens: 512,
    temperature: 0,
  });
  assert.equal(parsed.config?.tiers.deep?.model, 'anthropic:claude-sonnet-4-5');
});

test('the starter configuration that `steward init` writes is valid and warning-free', () => {
  const parsed = parseConfig(starterConfig, '.steward.yml');
  assert.deepEqual(parsed.errors, []);
  assert.deepEqual(parsed.warnings, []);
  assert.equal(parsed.config?.budgets.per_pr?.lifetime_usd, 2);
});

test('a daily limit above the monthly one is a warning with its line, not an error', () => {
  const parsed = parseConfig('budgets:\n  org:\n    daily_usd: 500\n    monthly_usd: 100\n', '.steward.yml');
  assert.deepEqual(parsed.errors, []);
  assert.deepEqual(parsed.warnings, [
    {
      source: '.steward.yml',
      line: 3,
      path: 'budgets.org.daily_usd',
      message: 'daily limit 500 exceeds the monthly limit 100; the monthly limit binds first',
    },
  ]);
});

test('the file is found from a subdirectory, but not above the repository root', () => {
  const outer = makeWorkspace({
    '.steward.yml': 'learning:\n  tier: balanced\n',
    'repo/.git/HEAD': '',
    'repo/src/deep/file.ts': '',
  });
  try {
    const inner = loadConfig({ cwd: join(outer.dir, 'repo/src/deep'), env: {} });
    assert.equal(inner.path, undefined, 'a .steward.yml above the repository root must not apply');
    const fromRoot = loadConfig({ cwd: outer.dir, env: {} });
    assert.equal(fromRoot.path, join(outer.dir, '.steward.yml'));
    assert.equal(fromRoot.config.learning.tier, 'balanced');
  } finally {
    outer.remove();
  }
  const repo = makeWorkspace({
    '.git/HEAD': '',
    '.steward.yml': 'learning:\n  tier: deep\n',
    'a/b/c.ts': '',
  });
  try {
    assert.equal(loadConfig({ cwd: join(repo.dir, 'a/b'), env: {} }).config.learning.tier, 'deep');
  } finally {
    repo.remove();
  }
});

test('loadConfig throws one ConfigError carrying every issue', () => {
  const workspace = makeWorkspace({
    '.git/HEAD': '',
    '.steward.yml': 'budgets:\n  org:\n    daily_usd: -1\n    monthly_usd: x\n',
  });
  try {
    assert.throws(
      () => loadConfig({ cwd: workspace.dir, env: { OPENAI_BASE_URL: 'not a url' } }),
      (error: unknown) => {
        assert.ok(error instanceof ConfigError);
        assert.deepEqual(
          error.issues.map((issue) => [issue.source, issue.line, issue.path]),
          [
            ['.steward.yml', 3, 'budgets.org.daily_usd'],
            ['.steward.yml', 4, 'budgets.org.monthly_usd'],
            ['OPENAI_BASE_URL', undefined, ''],
          ],
        );
        return true;
      },
    );
  } finally {
    workspace.remove();
  }
});

test('GITHUB_PRIVATE_KEY with escaped newlines is accepted and unescaped', () => {
  const workspace = makeWorkspace({ '.git/HEAD': '' });
  try {
    const key = '-----BEGIN RSA PRIVATE KEY-----\\nMIIB\\n-----END RSA PRIVATE KEY-----';
    const loaded = loadConfig({
      cwd: workspace.dir,
      env: { GITHUB_PRIVATE_KEY: key, GITHUB_APP_ID: '12345' },
    });
    assert.equal(
      loaded.environment.GITHUB_PRIVATE_KEY,
      '-----BEGIN RSA PRIVATE KEY-----\nMIIB\n-----END RSA PRIVATE KEY-----',
    );
    assert.equal(loaded.environment.GITHUB_APP_ID, '12345');
  } finally {
    workspace.remove();
  }
});

test('`steward init` writes the starter file, refuses to overwrite, and `config check` accepts it', async () => {
  const workspace = makeWorkspace({ '.git/HEAD': '' });
  try {
    const first = await runCli(['init'], { cwd: workspace.dir });
    assert.equal(first.code, 0);
    assert.match(first.stdout, /wrote \.steward\.yml/);
    const again = await runCli(['init'], { cwd: workspace.dir });
    assert.equal(again.code, 2);
    assert.match(again.stderr, /\.steward\.yml already exists\nnext: pass --force to overwrite it/);
    const check = await runCli(['config', 'check'], { cwd: workspace.dir });
    assert.equal(check.code, 0, check.stderr);
    assert.equal(check.stdout, `${join(workspace.dir, '.steward.yml')}: valid\n`);
  } finally {
    workspace.remove();
  }
});

test('a lease shorter than the longest call is a warning naming the keys involved', () => {
  const parsed = parseConfig(
    'calls:\n  timeout_seconds: 100\n  max_retries: 2\nbudgets:\n  lease_seconds: 120\n',
    '.steward.yml',
  );
  assert.deepEqual(parsed.errors, []);
  assert.deepEqual(
    parsed.warnings.map((warning) => [warning.line, warning.path]),
    [[5, 'budgets.lease_seconds']],
  );
  assert.match(
    parsed.warnings[0]!.message,
    /shorter than the longest call \(300s = calls\.timeout_seconds × \(calls\.max_retries \+ 1\)\)/,
  );
});

const fullApprovals = `approvals:
  production_environments: [production, prod, eu-production]
  expiry_minutes: 30
  groups:
    sre: [alice, bob, carol]
    leads: [dana@example.com]
  rules:
    - kinds: [restart, rollback]
      environments: [production, eu-production]
      decision: approve
      approvers: [sre]
    - kinds: [deploy]
      decision: approve
      approvers: [sre, leads]
      min_approvals: 2
      wait_minutes: 10
    - kinds: [restart]
      wide: true
      decision: approve
      approvers: [sre]
      min_approvals: 3
    - kinds: [infra_change]
      decision: deny
    - kinds: [page, escalate]
      decision: auto
  blast_radius:
    max_targets_per_step: 2
    max_instance_share: 0.25
    inventory:
      api: [api-1, api-2, api-3, api-4]
    inventory_url: https://inventory.example.com/services
  health_check:
    url: https://{target}.example.com/healthz
    attempts: 5
  executor:
    webhook_url: https://runner.example.com/steward
    timeout_seconds: 120
  slack:
    channel: "#approvals"
    users:
      U012AB3CD: alice
      W0AB12CD3: dana@example.com
`;

test('a full approvals: section loads, with defaults for what it leaves out', async () => {
  const parsed = parseConfig(fullApprovals, '.steward.yml');
  assert.deepEqual(parsed.errors, []);
  assert.deepEqual(parsed.warnings, []);
  const approvals = parsed.config!.approvals;
  assert.deepEqual(approvals.production_environments, ['production', 'prod', 'eu-production']);
  assert.equal(approvals.expiry_minutes, 30);
  assert.deepEqual(approvals.groups, { sre: ['alice', 'bob', 'carol'], leads: ['dana@example.com'] });
  assert.deepEqual(approvals.rules[0], {
    kinds: ['restart', 'rollback'],
    environments: ['production', 'eu-production'],
    wide: false,
    decision: 'approve',
    approvers: ['sre'],
    min_approvals: 1,
    wait_minutes: 0,
  });
  assert.deepEqual(
    approvals.rules.map((rule) => [rule.decision, rule.wide, rule.min_approvals, rule.wait_minutes]),
    [
      ['approve', false, 1, 0],
      ['approve', false, 2, 10],
      ['approve', true, 3, 0],
      ['deny', false, 1, 0],
      ['auto', false, 1, 0],
    ],
  );
  assert.deepEqual(approvals.blast_radius, {
    max_targets_per_step: 2,
    max_instance_share: 0.25,
    inventory: { api: ['api-1', 'api-2', 'api-3', 'api-4'] },
    inventory_url: 'https://inventory.example.com/services',
  });
  assert.deepEqual(approvals.health_check, {
    url: 'https://{target}.example.com/healthz',
    timeout_seconds: 10,
    attempts: 5,
    interval_seconds: 5,
  });
  assert.deepEqual(approvals.executor, {
    webhook_url: 'https://runner.example.com/steward',
    timeout_seconds: 120,
  });
  assert.deepEqual(approvals.slack, {
    channel: '#approvals',
    users: { U012AB3CD: 'alice', W0AB12CD3: 'dana@example.com' },
  });

  const workspace = makeWorkspace({ '.git/HEAD': '', '.steward.yml': fullApprovals });
  try {
    const check = await runCli(['config', 'check'], { cwd: workspace.dir });
    assert.equal(check.code, 0, check.stderr);
    assert.equal(check.stdout, `${join(workspace.dir, '.steward.yml')}: valid\n`);
    assert.equal(check.stderr, '');
  } finally {
    workspace.remove();
  }
});

test('without approvals: the gate has no groups or rules, and production is production or prod', () => {
  const parsed = parseConfig('', '.steward.yml');
  assert.deepEqual(parsed.errors, []);
  const approvals = parsed.config!.approvals;
  assert.deepEqual(approvals.production_environments, ['production', 'prod']);
  assert.equal(approvals.expiry_minutes, 60);
  assert.deepEqual(approvals.groups, {});
  assert.deepEqual(approvals.rules, []);
  assert.deepEqual(approvals.blast_radius, {
    max_targets_per_step: 1,
    max_instance_share: 0.5,
    inventory: {},
  });
  assert.deepEqual(approvals.executor, { timeout_seconds: 300 });
  assert.deepEqual(approvals.slack, { users: {} });
});
