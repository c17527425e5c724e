import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import { test } from 'node:test';
import { migrations } from '../../src/store/migrations/index.ts';
import { makeWorkspace, runCli } from '../support/run-cli.ts';

const count = migrations.length;

const keys = { OPENAI_API_KEY: 'sk-test', ANTHROPIC_API_KEY: 'sk-ant-test' };

/** A local port with nothing listening on it. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise((resolve) => server.close(resolve));
  return typeof address === 'object' && address !== null ? address.port : 1;
}

test('`steward doctor` on a healthy embedded setup: every check ok, exit 0', async () => {
  const workspace = makeWorkspace({
    '.git/HEAD': '',
    '.steward.yml': 'budgets:\n  org:\n    monthly_usd: 100\n',
  });
  try {
    const migrate = await runCli(['migrate'], { cwd: workspace.dir, env: keys });
    assert.equal(migrate.code, 0, migrate.stderr);
    assert.match(
      migrate.stdout,
      new RegExp(`^sqlite at .*steward\\.db: ${count} migration\\(s\\) applied, none pending\n$`),
    );
    const run = await runCli(['doctor'], { cwd: workspace.dir, env: keys });
    assert.equal(run.code, 0, run.stdout + run.stderr);
    const lines = run.stdout.split('\n');
    assert.match(lines[0]!, /^ok +node +\d+\.\d+\.\d+$/);
    assert.match(lines[1]!, /^ok +config +\/.*\.steward\.yml$/);
    assert.match(lines[2]!, /^ok +data directory +\/.*\.steward-data$/);
    assert.match(
      lines[3]!,
      new RegExp(`^ok +database +sqlite at /.*steward\\.db, ${count} migration\\(s\\) applied$`),
    );
    assert.match(lines[4]!, /^ok +provider anthropic +/);
    assert.match(run.stdout, /^ok +provider openai +key set, default endpoint$/m);
    assert.match(
      run.stdout,
      /^warn +github app +not configured \(needed only for the GitHub integration\)$/m,
    );
    assert.match(
      run.stdout,
      /^warn +alert sources +alertmanager, pagerduty, generic answer 503 until their secret is set \(needed only for incidents\)$/m,
    );
    assert.match(
      run.stdout,
      /^warn +approvals executor +none configured: approved production actions fail with "no executor"\n +→ set approvals\.executor\.webhook_url or approvals\.executor\.command$/m,
    );
    assert.match(
      run.stdout,
      /^warn +approvers +approvals\.groups is empty: actions that need approval can never run$/m,
    );
    assert.doesNotMatch(run.stdout, /approvals slack/, 'no Slack check without approvals.slack.channel');
    assert.match(run.stdout, /all checks passed\n$/);
  } finally {
    workspace.remove();
  }
});

test('`steward doctor` on a broken setup: each failure says what to do, exit 1', async () => {
  const workspace = makeWorkspace({
    '.git/HEAD': '',
    '.steward.yml': 'budgets:\n  org:\n    monthly_usd: 100\nincidents:\n  runbooks_dir: runbooks\n',
  });
  try {
    const port = await closedPort();
    const run = await runCli(['doctor'], {
      cwd: workspace.dir,
      env: {
        ANTHROPIC_API_KEY: 'sk-ant-test',
        DATABASE_URL: `postgres://steward:s3cret@127.0.0.1:${port}/steward`,
        GITHUB_APP_ID: '42',
      },
    });
    assert.equal(run.code, 1, run.stdout + run.stderr);
    assert.match(run.stdout, /^ok +data directory +not used: DATABASE_URL is set$/m);
    assert.match(
      run.stdout,
      new RegExp(`^FAIL +database +cannot connect to PostgreSQL at 127\\.0\\.0\\.1:${port}`, 'm'),
    );
    assert.match(
      run.stdout,
      /^FAIL +provider openai +OPENAI_API_KEY is not set\n +→ export OPENAI_API_KEY=… \(or remove openai models from tiers:\)$/m,
    );
    assert.match(
      run.stdout,
      /^FAIL +github app +partly configured: GITHUB_PRIVATE_KEY, GITHUB_WEBHOOK_SECRET missing$/m,
    );
    assert.match(run.stdout, /^FAIL +runbooks +incidents\.runbooks_dir \/.*\/runbooks does not exist$/m);
    assert.match(run.stdout, /4 check\(s\) failed\n$/);
    assert.doesNotMatch(run.stdout, /s3cret/);
  } finally {
    workspace.remove();
  }
});

test('`steward doctor` reports an invalid configuration as a failed check and keeps going', async () => {
  const workspace = makeWorkspace({
    '.git/HEAD': '',
    '.steward.yml': 'budgets:\n  org:\n    monthly_usd: lots\n',
  });
  try {
    const run = await runCli(['doctor'], { cwd: workspace.dir, env: keys });
    assert.equal(run.code, 1);
    assert.match(
      run.stdout,
      /^FAIL +config +\.steward\.yml:3: budgets\.org\.monthly_usd: expected a positive number, got "lots"$/m,
    );
    assert.match(
      run.stdout,
      new RegExp(`^warn +database +sqlite at .*: ${count} migration\\(s\\) pending`, 'm'),
    );
  } finally {
    workspace.remove();
  }
});

const approvalsYaml = (executor: string) =>
  `approvals:\n  groups:\n    sre: [alice, bob]\n    leads: [dana]\n  executor:\n${executor}  slack:\n    channel: "#approvals"\n`;

test('`steward doctor` fails the approval gate without the executor secret or the Slack signing secret', async () => {
  const workspace = makeWorkspace({
    '.git/HEAD': '',
    '.steward.yml': approvalsYaml('    webhook_url: https://runner.example.com/steward\n'),
  });
  try {
    const migrate = await runCli(['migrate'], { cwd: workspace.dir, env: keys });
    assert.equal(migrate.code, 0, migrate.stderr);
    const run = await runCli(['doctor'], {
      cwd: workspace.dir,
      env: { ...keys, SLACK_BOT_TOKEN: 'xoxb-test' },
    });
    assert.equal(run.code, 1, run.stdout + run.stderr);
    assert.match(
      run.stdout,
      /^FAIL +approvals executor +webhook https:\/\/runner\.example\.com\/steward configured, but STEWARD_EXECUTOR_SECRET is not set: approved actions fail\n +→ export STEWARD_EXECUTOR_SECRET=… \(the receiver verifies X-Steward-Signature with it\)$/m,
    );
    assert.match(
      run.stdout,
      /^FAIL +approvals slack +approvals\.slack\.channel is set, but SLACK_SIGNING_SECRET is not\n +→ export SLACK_SIGNING_SECRET$/m,
    );
    assert.match(
      run.stdout,
      /^warn +approvers +3 approver\(s\); none can decide through the API \(CLI and Slack still work\)\n +→ export STEWARD_APPROVER_TOKENS=name=token,…$/m,
    );
    assert.match(run.stdout, /\n2 check\(s\) failed\n$/);

    const noSlack = await runCli(['doctor'], { cwd: workspace.dir, env: keys });
    assert.equal(noSlack.code, 1);
    assert.match(
      noSlack.stdout,
      /^FAIL +approvals slack +approvals\.slack\.channel is set, but SLACK_BOT_TOKEN and SLACK_SIGNING_SECRET are not\n +→ export SLACK_BOT_TOKEN, SLACK_SIGNING_SECRET$/m,
    );

    const secrets = {
      ...keys,
      STEWARD_EXECUTOR_SECRET: 'executor-secret-0123456789',
      SLACK_BOT_TOKEN: 'xoxb-test',
      SLACK_SIGNING_SECRET: 'slack-signing-secret',
    };
    const fixed = await runCli(['doctor'], { cwd: workspace.dir, env: secrets });
    assert.equal(fixed.code, 0, fixed.stdout + fixed.stderr);
    assert.match(
      fixed.stdout,
      /^ok +approvals executor +webhook https:\/\/runner\.example\.com\/steward, signed$/m,
    );
    assert.match(fixed.stdout, /^ok +approvals slack +requests go to #approvals$/m);
    assert.match(fixed.stdout, /all checks passed\n$/);
    assert.doesNotMatch(fixed.stdout, /executor-secret-0123456789|slack-signing-secret/);
  } finally {
    workspace.remove();
  }
});

test('`steward doctor` accepts a command executor, and refuses a short executor secret without echoing it', async () => {
  const workspace = makeWorkspace({
    '.git/HEAD': '',
    '.steward.yml': approvalsYaml('    command: [./run-step.sh, --dry-run]\n'),
  });
  try {
    const migrate = await runCli(['migrate'], { cwd: workspace.dir, env: keys });
    assert.equal(migrate.code, 0, migrate.stderr);
    const env = { ...keys, SLACK_BOT_TOKEN: 'xoxb-test', SLACK_SIGNING_SECRET: 'slack-signing-secret' };
    const run = await runCli(['doctor'], { cwd: workspace.dir, env });
    assert.equal(run.code, 0, run.stdout + run.stderr);
    assert.match(run.stdout, /^ok +approvals executor +command \.\/run-step\.sh --dry-run$/m);

    const short = await runCli(['doctor'], {
      cwd: workspace.dir,
      env: { ...env, STEWARD_EXECUTOR_SECRET: 'hunter2' },
    });
    assert.equal(short.code, 1);
    assert.match(short.stdout, /^FAIL +config +STEWARD_EXECUTOR_SECRET: expected at least 16 characters$/m);
    assert.doesNotMatch(short.stdout, /hunter2/);
  } finally {
    workspace.remove();
  }
});
