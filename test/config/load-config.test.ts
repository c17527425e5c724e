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
