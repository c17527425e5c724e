import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { listAudit, readRequest, stepsOf } from '../../../src/approvals/index.ts';
import { type OpenStoreOptions, openStore, type Store } from '../../../src/store/index.ts';
import { forEachDatabase } from '../../support/databases.ts';
import { makeWorkspace, runCli } from '../../support/run-cli.ts';

// Real `steward serve` processes, killed with SIGKILL: an approved action still runs each of its steps
// exactly once (a step cut short is sent again, with the same idempotency key, and never a passed one).

const bin = new URL('../../../bin/steward.js', import.meta.url).pathname;
const waitLimitMs = 60_000;

/**
 * The executor command: appends `<step> <idempotency_key>` to executor/record.log for every call; at step
 * `argv[2]`, the first time only, writes its pid to executor/hung.pid and then hangs (until killed).
 */
const executorScript = `import { appendFileSync, existsSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
const dir = import.meta.dirname;
const hangAt = Number(process.argv[2]);
let input = '';
process.stdin.setEncoding('utf8');
for await (const chunk of process.stdin) input += chunk;
const step = JSON.parse(input);
appendFileSync(join(dir, 'record.log'), step.step + ' ' + step.idempotency_key + '\\n');
if (step.step === hangAt && !existsSync(join(dir, 'hung-once'))) {
  writeFileSync(join(dir, 'hung-once'), '');
  writeFileSync(join(dir, 'hung.pid.tmp'), String(process.pid));
  renameSync(join(dir, 'hung.pid.tmp'), join(dir, 'hung.pid'));
  setTimeout(() => {}, 600_000);
} else {
  process.stdout.write('restarted ' + step.targets.join(',') + '\\n');
}
`;

/** Restarting every instance of api (wide: allowed with one approval from sre), one instance per step. */
function stewardYml(hangAtStep: number, scriptPath: string): string {
  return `server:
  port: 0
  job_lease_seconds: 1
approvals:
  groups:
    sre: [alice]
  rules:
    - kinds: [restart]
      environments: [production]
      decision: approve
      approvers: [sre]
    - kinds: [restart]
      environments: [production]
      wide: true
      decision: approve
      approvers: [sre]
  blast_radius:
    inventory:
      api: [api-1, api-2, api-3]
  executor:
    command: ${JSON.stringify([process.execPath, scriptPath, String(hangAtStep)])}
    timeout_seconds: 300
`;
}

const restartApi = `kind: restart
targets:
  services: [api]
environment: production
agent: incidents
run: c0ffee01
reason: api leaks memory; a rolling restart resolved 3 of 3 similar incidents
`;

interface Scenario {
  dir: string;
  /** For the CLI (in-process) and for `steward serve` (a child process). */
  env: NodeJS.ProcessEnv;
  store: Store;
  record(): { step: number; key: string }[];
  hungPidFile: string;
  cleanup(): Promise<void>;
}

async function scenario(options: OpenStoreOptions, hangAtStep: number): Promise<Scenario> {
  const workspace = makeWorkspace({ '.git/HEAD': '', 'restart.yml': restartApi });
  const executorDir = join(workspace.dir, 'executor');
  const scriptPath = join(executorDir, 'executor.mjs');
  mkdirSync(executorDir);
  writeFileSync(scriptPath, executorScript);
  writeFileSync(join(workspace.dir, '.steward.yml'), stewardYml(hangAtStep, scriptPath));
  const env: NodeJS.ProcessEnv = {
    STEWARD_DATA_DIR: options.dataDir ?? join(workspace.dir, '.steward-data'),
    ...(options.databaseUrl === undefined ? {} : { DATABASE_URL: options.databaseUrl }),
  };
  const store = await openStore(options);
  const recordFile = join(executorDir, 'record.log');
  return {
    dir: workspace.dir,
    env,
    store,
    hungPidFile: join(executorDir, 'hung.pid'),
    record: () =>
      existsSync(recordFile)
        ? readFileSync(recordFile, 'utf8')
            .split('\n')
            .filter((line) => line !== '')
            .map((line) => {
              const [step, key] = line.split(' ');
              return { step: Number(step), key: key! };
            })
        : [],
    cleanup: async () => {
      await store.close();
      workspace.remove();
    },
  };
}

interface Serve {
  child: ChildProcess;
  output(): string;
}

/** `steward serve` in its own process; resolves once it listens. */
async function startServe(dir: string, env: NodeJS.ProcessEnv): Promise<Serve> {
  const childEnv: NodeJS.ProcessEnv = { ...process.env, ...env };
  if (env.DATABASE_URL === undefined) delete childEnv.DATABASE_URL;
  delete childEnv.NODE_TEST_CONTEXT;
  const child = spawn(process.execPath, [bin, 'serve'], {
    cwd: dir,
    env: childEnv,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (chunk) => {
    output += String(chunk);
  });
  child.stderr!.on('data', (chunk) => {
    output += String(chunk);
  });
  const serve = { child, output: () => output };
  await waitUntil(
    () => {
      if (child.exitCode !== null || child.signalCode !== null)
        throw new Error(`steward serve exited (${child.exitCode ?? child.signalCode}):\n${output}`);
      return /steward serve listening on \S+/.test(output);
    },
    'steward serve to listen',
    serve,
  );
  return serve;
}

/** SIGKILL, and waits for the process to be gone. */
async function killHard(child: ChildProcess | undefined): Promise<void> {
  if (child === undefined || child.exitCode !== null || child.signalCode !== null) return;
  const exited = once(child, 'exit');
  child.kill('SIGKILL');
  await exited;
}

/** SIGTERM (running jobs finish, the store is closed); SIGKILL if it has not exited within 10 s. */
async function stopServe(serve: Serve | undefined): Promise<void> {
  const child = serve?.child;
  if (child === undefined || child.exitCode !== null || child.signalCode !== null) return;
  const exited = once(child, 'exit');
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
  await exited;
  clearTimeout(timer);
}

/** Kills the hung executor (its own process group) if it still runs. */
function killHungExecutor(pidFile: string): void {
  if (!existsSync(pidFile)) return;
  const pid = Number(readFileSync(pidFile, 'utf8'));
  if (!Number.isInteger(pid) || pid <= 0) return;
  for (const target of [pid, -pid]) {
    try {
      process.kill(target, 'SIGKILL');
    } catch {
      // Already gone.
    }
  }
}

async function waitUntil(
  check: () => Promise<boolean> | boolean,
  what: string,
  serve?: Serve,
  limitMs = waitLimitMs,
): Promise<void> {
  const deadline = Date.now() + limitMs;
  while (!(await check())) {
    if (Date.now() > deadline) {
      throw new Error(
        `gave up waiting for ${what}${serve === undefined ? '' : `; serve said:\n${serve.output()}`}`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

async function proposeAndApprove(s: Scenario): Promise<string> {
  const cli = (...args: string[]) => runCli(args, { cwd: s.dir, env: s.env });
  const proposed = await cli('approvals', 'propose', 'restart.yml');
  assert.equal(proposed.code, 0, proposed.stderr);
  const id = /^(ar_[0-9a-f]+) waits for 1 approval\(s\) from sre \(approvals\.rules\[1\]\)/.exec(
    proposed.stdout,
  )?.[1];
  assert.ok(id !== undefined, proposed.stdout);
  const approved = await cli('approvals', 'approve', id, '--by', 'alice');
  assert.equal(approved.code, 0, approved.stderr);
  assert.match(approved.stdout, /steward serve` runs it/);
  return id;
}

async function statusOf(store: Store, id: string): Promise<string> {
  return (await readRequest(store.db, id)).status;
}

/** The status of the one job in the store. */
async function jobStatus(store: Store): Promise<string> {
  return (await store.db.selectFrom('jobs').select('status').executeTakeFirstOrThrow()).status;
}

forEachDatabase('steward serve killed with SIGKILL: an approved action runs exactly once', (database) => {
  test('approved while no server runs: the queued job survives, and a server started later runs each step once', async () => {
    const s = await scenario(await database.create(), 0);
    let serve: Serve | undefined;
    try {
      const id = await proposeAndApprove(s);
      assert.equal(await statusOf(s.store, id), 'approved');
      const jobs = await s.store.db.selectFrom('jobs').select(['kind', 'status']).execute();
      assert.deepEqual(jobs, [{ kind: 'approval.execute', status: 'queued' }]);
      assert.deepEqual(s.record(), [], 'nothing ran before a server was started');
      assert.deepEqual(await stepsOf(s.store.db, id), []);

      serve = await startServe(s.dir, s.env);
      await waitUntil(async () => (await statusOf(s.store, id)) === 'executed', 'the request to run', serve);

      const request = await readRequest(s.store.db, id);
      assert.equal(request.outcomeReason, '3 step(s) passed');
      const key = (step: number) => `${id}:${request.actionHash.slice(0, 16)}:${step}`;
      assert.deepEqual(
        s.record().map((entry) => [entry.step, entry.key]),
        [
          [1, key(1)],
          [2, key(2)],
          [3, key(3)],
        ],
        'each step once, in order, each with its own key',
      );
      assert.deepEqual(
        (await stepsOf(s.store.db, id)).map((step) => [step.step, step.targets, step.status]),
        [
          [1, ['api/api-1'], 'passed'],
          [2, ['api/api-2'], 'passed'],
          [3, ['api/api-3'], 'passed'],
        ],
      );
      // The job is completed just after the request closes.
      await waitUntil(async () => (await jobStatus(s.store)) === 'done', 'the job to be completed', serve);
    } finally {
      await stopServe(serve);
      await s.cleanup();
    }
  });

  test('killed in the middle of step 2: a second server resumes at step 2 with the same idempotency key; steps 1 and 3 run once', async () => {
    const s = await scenario(await database.create(), 2);
    let first: Serve | undefined;
    let second: Serve | undefined;
    try {
      first = await startServe(s.dir, s.env);
      const id = await proposeAndApprove(s);
      await waitUntil(() => existsSync(s.hungPidFile), 'step 2 to start (and hang)', first);

      // The crash: the server and the executor it started (in its own process group) die at once.
      await killHard(first.child);
      killHungExecutor(s.hungPidFile);
      assert.deepEqual(
        s.record().map((entry) => entry.step),
        [1, 2],
      );
      assert.equal(await statusOf(s.store, id), 'executing', 'the dead server still holds the request');
      assert.deepEqual(
        (await stepsOf(s.store.db, id)).map((step) => [step.step, step.status]),
        [
          [1, 'passed'],
          [2, 'started'],
        ],
      );

      second = await startServe(s.dir, s.env);
      await waitUntil(
        async () => (await statusOf(s.store, id)) === 'executed',
        'the second server to resume and finish the request',
        second,
      );

      const request = await readRequest(s.store.db, id);
      assert.equal(request.outcomeReason, '3 step(s) passed');
      const key = (step: number) => `${id}:${request.actionHash.slice(0, 16)}:${step}`;
      assert.deepEqual(
        s.record().map((entry) => [entry.step, entry.key]),
        [
          [1, key(1)],
          [2, key(2)],
          [2, key(2)],
          [3, key(3)],
        ],
        'step 1 once, step 2 twice with the same key, step 3 once',
      );
      assert.deepEqual(
        (await stepsOf(s.store.db, id)).map((step) => [step.step, step.targets, step.status]),
        [
          [1, ['api/api-1'], 'passed'],
          [2, ['api/api-2'], 'passed'],
          [3, ['api/api-3'], 'passed'],
        ],
      );
      await waitUntil(async () => (await jobStatus(s.store)) === 'done', 'the job to be completed', second);
      const job = await s.store.db.selectFrom('jobs').select('attempts').executeTakeFirstOrThrow();
      assert.ok(Number(job.attempts) >= 2, `the job was claimed again after the crash (${job.attempts})`);

      const audit = await listAudit(s.store.db, { requestId: id });
      assert.deepEqual(
        audit.map((entry) =>
          entry.event === 'execution_started'
            ? `${entry.event} resumed=${entry.detail.resumed}`
            : entry.event.startsWith('step_')
              ? `${entry.event} ${entry.detail.step}`
              : entry.event,
        ),
        [
          'proposed',
          'approved',
          'approval_complete',
          'execution_started resumed=false',
          'step_executed 1',
          'step_passed 1',
          'execution_started resumed=true',
          'step_executed 2',
          'step_passed 2',
          'step_executed 3',
          'step_passed 3',
          'executed',
        ],
      );
      const verified = await runCli(['audit', 'verify'], { cwd: s.dir, env: s.env });
      assert.equal(verified.code, 0, verified.stderr);
      assert.match(verified.stdout, /^audit log intact: 12 entries/);
    } finally {
      await killHard(first?.child);
      killHungExecutor(s.hungPidFile);
      await stopServe(second);
      await s.cleanup();
    }
  });
});
