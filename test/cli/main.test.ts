import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { makeWorkspace, runCli } from '../support/run-cli.ts';

const version = (
  JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }
).version;

test('--version prints the package version', async () => {
  const workspace = makeWorkspace();
  try {
    const run = await runCli(['--version'], { cwd: workspace.dir });
    assert.equal(run.code, 0);
    assert.equal(run.stdout, `${version}\n`);
  } finally {
    workspace.remove();
  }
});

test('every command has --help', async () => {
  const workspace = makeWorkspace();
  try {
    for (const argv of [
      ['--help'],
      ['init', '--help'],
      ['doctor', '--help'],
      ['config', 'check', '--help'],
      ['config', 'schema', '--help'],
    ]) {
      const run = await runCli(argv, { cwd: workspace.dir });
      assert.equal(run.code, 0, argv.join(' '));
      assert.match(run.stdout, /^Usage: steward/, argv.join(' '));
    }
  } finally {
    workspace.remove();
  }
});

test('an unknown command or option is a usage error: exit 2', async () => {
  const workspace = makeWorkspace();
  try {
    const command = await runCli(['reveiw'], { cwd: workspace.dir });
    assert.equal(command.code, 2);
    assert.match(command.stderr, /unknown command 'reveiw'/);
    const option = await runCli(['doctor', '--frobnicate'], { cwd: workspace.dir });
    assert.equal(option.code, 2);
    assert.match(option.stderr, /unknown option '--frobnicate'/);
  } finally {
    workspace.remove();
  }
});

test('the bin refuses an old Node.js with one line naming the version needed', () => {
  const script = `Object.defineProperty(process.versions, 'node', { value: '20.11.1' }); await import(${JSON.stringify(new URL('../../bin/steward.js', import.meta.url).href)});`;
  const run = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' });
  assert.equal(run.status, 2);
  assert.equal(run.stderr, 'steward needs Node.js >= 22.18 (this is 20.11.1); install Node 24 LTS.\n');
});

test('the bin runs the CLI as a real process', () => {
  const run = spawnSync(
    process.execPath,
    [new URL('../../bin/steward.js', import.meta.url).pathname, '--version'],
    { encoding: 'utf8' },
  );
  assert.equal(run.status, 0, run.stderr);
  assert.equal(run.stdout, `${version}\n`);
});
