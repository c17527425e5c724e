import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { createCommandExecutor, type ExecutorResult } from '../../../src/approvals/execute/index.ts';
import { step } from './execution-step.ts';

/** A command running `script` in Node: argv, no shell. */
const node = (script: string) => [process.execPath, '-e', script];
const signal = () => new AbortController().signal;

/** Reads the step from stdin and writes what it got, as JSON, to the file named by its argument. */
const echo = `
let input = '';
process.stdin.on('data', (chunk) => { input += chunk; });
process.stdin.on('end', () => {
  const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => name.startsWith('STEWARD_') || name === 'OPENAI_API_KEY' || name === 'DEPLOY_TOKEN'));
  require('node:fs').writeFileSync(process.argv[1], JSON.stringify({ stdin: JSON.parse(input), env }));
  console.log('restarted');
});`;

/** Whether a process runs (a zombie, ended but not reaped, does not count). */
function running(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    return !/^State:\s+Z/m.test(readFileSync(`/proc/${pid}/status`, 'utf8'));
  } catch {
    return true;
  }
}

describe('command executor', () => {
  it('runs the command with the step on stdin and in its environment; exit 0 is done', async () => {
    const directory = await mkdtemp(join(tmpdir(), 'steward-command-'));
    const seen = join(directory, 'seen.json');
    const executor = createCommandExecutor({
      command: [...node(echo), seen],
      timeoutSeconds: 10,
      baseEnv: {
        PATH: process.env.PATH,
        OPENAI_API_KEY: 'sk-steward-own',
        STEWARD_EXECUTOR_SECRET: 'executor-secret-0123456789',
        DEPLOY_TOKEN: 'the-command-own',
      },
    });
    assert.deepEqual(await executor.run(step, signal()), { ok: true, detail: 'restarted' });
    const printed = JSON.parse(await readFile(seen, 'utf8')) as {
      stdin: unknown;
      env: Record<string, string>;
    };
    await rm(directory, { recursive: true });
    assert.deepEqual(printed.stdin, {
      request_id: 'req_01',
      step: 2,
      steps: 3,
      idempotency_key: 'req_01:2',
      kind: 'restart',
      environment: 'production',
      targets: ['api/api-1', 'api/api-2'],
      arguments: { grace_seconds: 30, note: 'ünïcode' },
      approved_by: ['alice', 'bob'],
      reason: 'memory leak',
    });
    assert.deepEqual(printed.env, {
      DEPLOY_TOKEN: 'the-command-own',
      STEWARD_ENVIRONMENT: 'production',
      STEWARD_IDEMPOTENCY_KEY: 'req_01:2',
      STEWARD_KIND: 'restart',
      STEWARD_REQUEST_ID: 'req_01',
      STEWARD_STEP: '2',
      STEWARD_STEPS: '3',
      STEWARD_TARGETS: 'api/api-1,api/api-2',
    });
  });

  it('keeps the last 500 characters of stdout as the detail', async () => {
    const executor = createCommandExecutor({
      command: node(`process.stdout.write('a'.repeat(1000) + 'THE END\\n')`),
      timeoutSeconds: 10,
    });
    const result = await executor.run(step, signal());
    assert.equal(result.ok, true);
    assert.equal(result.detail, `${'a'.repeat(493)}THE END`);
  });

  it('fails, not retryable, on another exit code, with the end of stderr', async () => {
    const executor = createCommandExecutor({
      command: node(
        `console.log('partial'); console.error('x'.repeat(800) + ' kubectl: forbidden'); process.exit(3)`,
      ),
      timeoutSeconds: 10,
    });
    const result = await executor.run(step, signal());
    assert.equal(result.ok, false);
    assert.equal(!result.ok && result.retryable, false);
    assert.match(result.detail, /^exit code 3: x+ kubectl: forbidden$/);
    assert.equal(result.detail.length, 'exit code 3: '.length + 500);
  });

  it('says the exit code alone when there is no output, and does not mind a command that ignores stdin', async () => {
    const executor = createCommandExecutor({ command: node('process.exit(1)'), timeoutSeconds: 10 });
    assert.deepEqual(await executor.run(step, signal()), {
      ok: false,
      detail: 'exit code 1',
      retryable: false,
    });
  });

  it('stops a command that overruns timeout_seconds with SIGTERM: retryable', async () => {
    const executor = createCommandExecutor({
      command: node(`console.error('starting'); setInterval(() => {}, 1000)`),
      timeoutSeconds: 1,
    });
    const started = Date.now();
    const result = await executor.run(step, signal());
    assert.deepEqual(result, {
      ok: false,
      detail: 'timed out after 1 s: stopped with SIGTERM: starting',
      retryable: true,
    } satisfies ExecutorResult);
    assert.ok(Date.now() - started < 3_000);
  });

  it('sends SIGKILL when SIGTERM is ignored, and only answers once the command has ended', async () => {
    const executor = createCommandExecutor({
      command: node(
        `process.on('SIGTERM', () => console.error('ignoring SIGTERM')); console.log(process.pid); setInterval(() => {}, 1000)`,
      ),
      timeoutSeconds: 1,
      killAfterMs: 300,
    });
    const result = await executor.run(step, signal());
    assert.equal(result.ok, false);
    assert.equal(!result.ok && result.retryable, true);
    assert.equal(
      result.detail,
      'timed out after 1 s: stopped with SIGTERM, then SIGKILL after 0.3 s: ignoring SIGTERM',
    );
  });

  it('stops what the command started too (its process group)', {
    skip: process.platform === 'win32',
  }, async () => {
    const directory = await mkdtemp(join(tmpdir(), 'steward-command-'));
    const pidFile = join(directory, 'grandchild.pid');
    const grandchild = `require('node:fs').writeFileSync(process.argv[1], String(process.pid)); setInterval(() => {}, 1000)`;
    const child = `require('node:child_process').spawn(process.execPath, ['-e', ${JSON.stringify(grandchild)}, process.argv[1]], { stdio: 'inherit' }); setInterval(() => {}, 1000)`;
    const executor = createCommandExecutor({ command: [...node(child), pidFile], timeoutSeconds: 60 });
    const controller = new AbortController();
    const result = executor.run(step, controller.signal);
    let pid = 0;
    for (let wait = 0; pid === 0 && wait < 200; wait += 1) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      pid = Number(await readFile(pidFile, 'utf8').catch(() => '0'));
    }
    assert.ok(pid > 0, 'the grandchild started');
    assert.equal(running(pid), true);
    controller.abort(new Error('test'));
    assert.deepEqual(await result, {
      ok: false,
      detail: 'aborted (test): stopped with SIGTERM',
      retryable: true,
    });
    assert.equal(running(pid), false);
    await rm(directory, { recursive: true });
  });

  it('answers soon after the command exits, even when something it started keeps its output open', {
    skip: process.platform === 'win32',
  }, async () => {
    const child = `const c = require('node:child_process').spawn(process.execPath, ['-e', 'setTimeout(() => {}, 20000)'], { stdio: 'inherit', detached: true }); c.unref(); console.log(c.pid); process.exit(0)`;
    const executor = createCommandExecutor({ command: node(child), timeoutSeconds: 30 });
    const started = Date.now();
    const result = await executor.run(step, signal());
    assert.equal(result.ok, true);
    assert.ok(Date.now() - started < 5_000, `took ${Date.now() - started} ms`);
    const pid = Number(result.detail);
    assert.ok(Number.isInteger(pid) && pid > 0, result.detail);
    assert.equal(running(pid), true);
    process.kill(pid, 'SIGKILL');
  });

  it('stops the command when the signal aborts: retryable', async () => {
    const executor = createCommandExecutor({
      command: node('setInterval(() => {}, 1000)'),
      timeoutSeconds: 60,
    });
    const controller = new AbortController();
    setTimeout(() => controller.abort(new Error('shutting down')), 200);
    const started = Date.now();
    assert.deepEqual(await executor.run(step, controller.signal), {
      ok: false,
      detail: 'aborted (shutting down): stopped with SIGTERM',
      retryable: true,
    });
    assert.ok(Date.now() - started < 3_000);
    assert.deepEqual(await executor.run(step, AbortSignal.abort(new Error('already'))), {
      ok: false,
      detail: 'aborted before starting: already',
      retryable: true,
    });
  });

  it('fails, not retryable, when the program does not exist', async () => {
    const executor = createCommandExecutor({
      command: ['/nonexistent/deploy-tool', '--now'],
      timeoutSeconds: 10,
    });
    assert.deepEqual(await executor.run(step, signal()), {
      ok: false,
      detail:
        'cannot run "/nonexistent/deploy-tool": not found (ENOENT); check approvals.executor.command (argv, run without a shell: the first item is the program)',
      retryable: false,
    });
  });

  it('fails, not retryable, without throwing, when Node refuses the environment (a NUL byte)', async () => {
    const executor = createCommandExecutor({ command: node('process.exit(0)'), timeoutSeconds: 10 });
    const result = await executor.run({ ...step, targets: ['api/a\0b'] }, signal());
    assert.equal(result.ok, false);
    assert.equal(!result.ok && result.retryable, false);
    assert.match(result.detail, /^cannot run ".*": .*null bytes/);
  });

  it('runs no shell: metacharacters are plain arguments', async () => {
    const executor = createCommandExecutor({
      command: [
        process.execPath,
        '-e',
        'process.stdout.write(JSON.stringify(process.argv.slice(1)))',
        '$(whoami); rm -rf /',
      ],
      timeoutSeconds: 10,
    });
    assert.deepEqual(await executor.run(step, signal()), { ok: true, detail: '["$(whoami); rm -rf /"]' });
  });
});
