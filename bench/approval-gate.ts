// What the approval gate costs and whether it holds under concurrency, on SQLite and (with
// STEWARD_BENCH_DATABASE_URL) PostgreSQL.
//
// Gate: `actions` restarts in production (policy: 1 approval from group sre) are proposed with
// proposeAction and approved with decideRequest by `concurrency` workers, each proposing then approving
// its own requests, the approver another member of sre than the person the agent acted for. Every
// proposal and every decision is one transaction: the request or decision row, the policy evaluation,
// the row lock (PostgreSQL), the hash-chained audit entries (which queue on the audit head) and, on the
// approval that completes the count, the execution job. The baseline, measured in the same run with
// the same workers on a fresh database of the same kind, writes the same rows the plain way: one
// single-statement insert of an equivalent approval_requests row, then one of an approval_decisions
// row, per action (no audit, no lock, no policy). Both paths are warmed up first on a third database.
//
// Audit: extra entries (execution events of the gate's requests) are appended with appendAudit, a
// batch per transaction, until the log holds `entries`; then verifyAudit reads and checks the whole
// chain, against a baseline of one `select * from audit_log order by seq` (median of 3 rounds each,
// peak RSS delta from /proc/self: the high-water mark is reset before each round).
//
// Checks: the chain verifies, every request ended approved with one decision, and exactly one
// `approval.execute` job was queued per request.
//
//   node --expose-gc bench/approval-gate.ts [actions=2000] [concurrency=16] [entries=100000]
//
// A throwaway PostgreSQL comes from `scripts/postgres.sh start DIR`; its printed URL (a user that may
// create databases) can be STEWARD_BENCH_DATABASE_URL.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { targetDigest } from '../src/approvals/execute/index.ts';
import {
  type ApprovalDeps,
  actionHash,
  appendAudit,
  approvalDepsFor,
  decideRequest,
  evaluatePolicy,
  proposeAction,
  verifyAudit,
} from '../src/approvals/index.ts';
import { type ApprovalsConfig, parseConfig } from '../src/config/index.ts';
import { openStore, type Store } from '../src/store/index.ts';

const actions = Number(process.argv[2] ?? 2_000);
const concurrency = Number(process.argv[3] ?? 16);
const targetEntries = Number(process.argv[4] ?? 100_000);
const warmupActions = 200;
const appendBatch = 500;
const rounds = 3;

const sre = ['alice', 'bob', 'carol', 'dave', 'erin', 'frank', 'grace', 'heidi'];
const policyYaml = `
approvals:
  groups:
    sre: [${sre.join(', ')}]
  rules:
    - kinds: [restart]
      environments: [production]
      decision: approve
      approvers: [sre]
      min_approvals: 1
  blast_radius:
    inventory:
      api: [api-1, api-2, api-3, api-4]
`;
const parsed = parseConfig(policyYaml, 'bench.yml');
if (parsed.config === undefined) {
  throw new Error(parsed.errors.map((issue) => `${issue.line}: ${issue.path}: ${issue.message}`).join('\n'));
}
const config: ApprovalsConfig = parsed.config.approvals;

// ---------------------------------------------------------------------------------------------------
// Figures

function percentile(values: readonly number[], fraction: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil(fraction * sorted.length) - 1)]!;
}
const median = (values: readonly number[]) => percentile(values, 0.5);
const integer = (value: number) => Math.round(value).toLocaleString('en-US');
const ms = (value: number) => (value >= 100 ? integer(value) : value.toFixed(value >= 10 ? 1 : 2));
const seconds = (valueMs: number) => (valueMs / 1000).toFixed(2);
const mb = (kb: number) => (Math.max(0, kb) / 1024).toFixed(0);

const gc = (globalThis as { gc?: () => void }).gc;
function procStatusKb(field: 'VmRSS' | 'VmHWM'): number {
  const match = new RegExp(`${field}:\\s+(\\d+) kB`).exec(readFileSync('/proc/self/status', 'utf8'));
  return match ? Number(match[1]) : Number.NaN;
}
/** Resets the peak RSS (VmHWM) to the current RSS (Linux `clear_refs` 5); false where not allowed. */
function resetPeakRss(): boolean {
  try {
    writeFileSync('/proc/self/clear_refs', '5');
    return true;
  } catch {
    return false;
  }
}

/** Runs `work`, returns its time in ms and the peak RSS above the RSS it started with (KiB, NaN if unknown). */
async function measured<T>(work: () => Promise<T>): Promise<{ result: T; ms: number; peakKb: number }> {
  gc?.();
  const reset = resetPeakRss();
  const before = procStatusKb('VmRSS');
  const started = performance.now();
  const result = await work();
  const elapsed = performance.now() - started;
  return { result, ms: elapsed, peakKb: reset ? procStatusKb('VmHWM') - before : Number.NaN };
}

// ---------------------------------------------------------------------------------------------------
// The two write paths

interface WriteFigures {
  ms: number;
  propose: number[];
  decide: number[];
  errors: string[];
}

/** The action number `index` as an agent proposes it, on behalf of a member of sre. */
function actionInput(index: number, worker: number, prefix: string) {
  return {
    kind: 'restart',
    targets: { hosts: [`api-${(index % 4) + 1}`] },
    environment: 'production',
    arguments: { graceful: true, drain_seconds: 30 },
    agent: 'incidents',
    run: `${prefix}-run-${index}`,
    reason: `Restarting api-${(index % 4) + 1} resolved 3 of 3 similar incidents (bench action ${index}).`,
    requested_by: sre[worker % sre.length]!,
    dedupe_key: `incident:${prefix}-${index}:restart`,
  };
}
const approverOf = (worker: number) => sre[(worker + 1) % sre.length]!;

/** `count` actions over `concurrency` workers; worker w takes actions w, w + C, w + 2C, … */
async function runWorkers(
  count: number,
  one: (index: number, worker: number, figures: WriteFigures) => Promise<void>,
): Promise<WriteFigures> {
  const figures: WriteFigures = { ms: 0, propose: [], decide: [], errors: [] };
  const started = performance.now();
  await Promise.all(
    Array.from({ length: Math.min(concurrency, count) }, async (_, worker) => {
      for (let index = worker; index < count; index += concurrency) {
        try {
          await one(index, worker, figures);
        } catch (error) {
          figures.errors.push(`${index}: ${(error as Error).message}`);
        }
      }
    }),
  );
  figures.ms = performance.now() - started;
  return figures;
}

function gateDeps(store: Store): ApprovalDeps {
  return approvalDepsFor({ db: store.db, dialect: store.dialect, config });
}

/** Through the gate: proposeAction, then decideRequest by another member of sre. */
function runGate(store: Store, count: number, prefix: string): Promise<WriteFigures> {
  const deps = gateDeps(store);
  return runWorkers(count, async (index, worker, figures) => {
    const proposedAt = performance.now();
    const proposal = await proposeAction(deps, actionInput(index, worker, prefix));
    figures.propose.push(performance.now() - proposedAt);
    if (proposal.result !== 'pending') throw new Error(`proposal ${proposal.result}: ${proposal.message}`);
    const decidedAt = performance.now();
    const decision = await decideRequest(deps, {
      requestId: proposal.request.id,
      person: approverOf(worker),
      decision: 'approve',
      comment: 'ok',
      via: 'api',
      actionHash: proposal.request.actionHash,
    });
    figures.decide.push(performance.now() - decidedAt);
    if (decision.request.status !== 'approved') {
      throw new Error(`${proposal.request.id} is ${decision.request.status} after approval`);
    }
  });
}

const basePolicy = JSON.stringify(
  evaluatePolicy({ kind: 'restart', environment: 'production', wide: false, wideNotes: [] }, config),
);

/** The plain way: one insert of an equivalent request row, then one of a decision row (autocommit each). */
function runPlain(store: Store, count: number, prefix: string): Promise<WriteFigures> {
  const inventory = config.blast_radius.inventory;
  return runWorkers(count, async (index, worker, figures) => {
    const input = actionInput(index, worker, prefix);
    const targets = { services: [], hosts: input.targets.hosts };
    const now = Date.now();
    const id = `ar_${prefix}${index.toString(16).padStart(8, '0')}`;
    const hash = actionHash({ ...input, targets });
    const digest = targetDigest(targets, inventory);
    const insertedAt = performance.now();
    await store.db
      .insertInto('approval_requests')
      .values({
        id,
        kind: input.kind,
        environment: input.environment,
        targets: JSON.stringify(targets),
        arguments: JSON.stringify(input.arguments),
        action_hash: hash,
        agent: input.agent,
        run_id: input.run,
        proposed_by: input.requested_by,
        reason: input.reason,
        dedupe_key: input.dedupe_key,
        policy: basePolicy,
        target_digest: digest,
        status: 'pending',
        outcome_reason: null,
        slack_ts: null,
        runner: null,
        runner_until_ms: null,
        created_at_ms: now,
        expires_at_ms: now + config.expiry_minutes * 60_000,
        approved_at_ms: null,
        finished_at_ms: null,
      })
      .execute();
    figures.propose.push(performance.now() - insertedAt);
    const decidedAt = performance.now();
    await store.db
      .insertInto('approval_decisions')
      .values({
        request_id: id,
        person: approverOf(worker),
        decision: 'approve',
        comment: 'ok',
        action_hash: hash,
        target_digest: digest,
        via: 'api',
        decided_at_ms: Date.now(),
      })
      .execute();
    figures.decide.push(performance.now() - decidedAt);
  });
}

// ---------------------------------------------------------------------------------------------------
// The audit log

/** Appends execution events of the gate's requests until the log holds `targetEntries`. */
async function fillAudit(store: Store): Promise<{ appended: number; ms: number }> {
  const head = await store.db.selectFrom('audit_head').select('seq').executeTakeFirstOrThrow();
  const requests = await store.db
    .selectFrom('approval_requests')
    .select(['id', 'action_hash', 'target_digest', 'targets'])
    .orderBy('created_at_ms')
    .execute();
  let missing = targetEntries - Number(head.seq);
  if (missing <= 0 || requests.length === 0) return { appended: 0, ms: 0 };
  const total = missing;
  const started = performance.now();
  let next = 0;
  while (missing > 0) {
    const batch = Math.min(appendBatch, missing);
    await store.db.transaction().execute(async (trx) => {
      for (let entry = 0; entry < batch; entry++, next++) {
        const request = requests[Math.floor(next / 4) % requests.length]!;
        const targets = (JSON.parse(request.targets) as { hosts: string[] }).hosts;
        const base = { requestId: request.id, actor: 'steward', atMs: Date.now() };
        switch (next % 4) {
          case 0:
            await appendAudit(trx, {
              ...base,
              event: 'execution_started',
              detail: {
                action_hash: request.action_hash,
                target_digest: request.target_digest,
                resumed: false,
              },
            });
            break;
          case 1:
            await appendAudit(trx, {
              ...base,
              event: 'step_executed',
              detail: { step: 1, targets, detail: 'done' },
            });
            break;
          case 2:
            await appendAudit(trx, {
              ...base,
              event: 'step_passed',
              detail: { step: 1, targets, detail: 'healthy' },
            });
            break;
          default:
            await appendAudit(trx, {
              ...base,
              event: 'executed',
              detail: { steps: 1, action_hash: request.action_hash },
            });
        }
      }
    });
    missing -= batch;
  }
  return { appended: total, ms: performance.now() - started };
}

interface AuditFigures {
  entries: number;
  appended: number;
  appendMs: number;
  plainMs: number;
  plainPeakKb: number;
  verifyMs: number;
  verifyPeakKb: number;
  ok: boolean;
  problems: string[];
}

async function measureAudit(store: Store): Promise<AuditFigures> {
  const fill = await fillAudit(store);
  const plainMs: number[] = [];
  const plainPeak: number[] = [];
  const verifyMs: number[] = [];
  const verifyPeak: number[] = [];
  let entries = 0;
  let ok = true;
  const problems: string[] = [];
  for (let round = 0; round < rounds; round++) {
    const plain = await measured(() => store.db.selectFrom('audit_log').selectAll().orderBy('seq').execute());
    plainMs.push(plain.ms);
    plainPeak.push(plain.peakKb);
    const plainRows = plain.result.length;
    const verified = await measured(() => verifyAudit(store.db));
    verifyMs.push(verified.ms);
    verifyPeak.push(verified.peakKb);
    entries = verified.result.entries;
    ok &&= verified.result.ok;
    if (plainRows !== entries) problems.push(`round ${round}: select read ${plainRows}, verify ${entries}`);
    problems.push(...verified.result.problems.slice(0, 3).map((problem) => problem.problem));
  }
  return {
    entries,
    appended: fill.appended,
    appendMs: fill.ms,
    plainMs: median(plainMs),
    plainPeakKb: Math.max(...plainPeak),
    verifyMs: median(verifyMs),
    verifyPeakKb: Math.max(...verifyPeak),
    ok,
    problems,
  };
}

// ---------------------------------------------------------------------------------------------------
// Correctness

interface Checks {
  statuses: Record<string, number>;
  decisions: number;
  jobs: number;
  requestsWithOneJob: number;
  events: Record<string, number>;
  passed: boolean;
}

async function check(store: Store): Promise<Checks> {
  const statusRows = await store.db
    .selectFrom('approval_requests')
    .select(['status', (eb) => eb.fn.countAll<number | string>().as('count')])
    .groupBy('status')
    .execute();
  const statuses = Object.fromEntries(statusRows.map((row) => [row.status, Number(row.count)]));
  const decisionRows = await store.db
    .selectFrom('approval_decisions')
    .select(['request_id', 'decision'])
    .execute();
  const decidedOnce = new Map<string, number>();
  for (const row of decisionRows) {
    if (row.decision === 'approve')
      decidedOnce.set(row.request_id, (decidedOnce.get(row.request_id) ?? 0) + 1);
  }
  const jobRows = await store.db
    .selectFrom('jobs')
    .select('payload')
    .where('kind', '=', 'approval.execute')
    .execute();
  const jobsPerRequest = new Map<string, number>();
  for (const row of jobRows) {
    const { requestId } = JSON.parse(row.payload) as { requestId: string };
    jobsPerRequest.set(requestId, (jobsPerRequest.get(requestId) ?? 0) + 1);
  }
  const ids = await store.db.selectFrom('approval_requests').select('id').execute();
  const requestsWithOneJob = ids.filter((row) => jobsPerRequest.get(row.id) === 1).length;
  const oneDecisionEach = ids.every((row) => decidedOnce.get(row.id) === 1);
  const eventRows = await store.db
    .selectFrom('audit_log')
    .select(['event', (eb) => eb.fn.countAll<number | string>().as('count')])
    .groupBy('event')
    .execute();
  const events = Object.fromEntries(eventRows.map((row) => [row.event, Number(row.count)]));
  const passed =
    ids.length === actions &&
    statuses.approved === actions &&
    decisionRows.length === actions &&
    oneDecisionEach &&
    jobRows.length === actions &&
    requestsWithOneJob === actions &&
    events.proposed === actions &&
    events.approved === actions &&
    events.approval_complete === actions;
  return {
    statuses,
    decisions: decisionRows.length,
    jobs: jobRows.length,
    requestsWithOneJob,
    events,
    passed,
  };
}

// ---------------------------------------------------------------------------------------------------
// The run

interface StoreRun {
  name: string;
  plain: WriteFigures;
  gate: WriteFigures;
  audit: AuditFigures;
  checks: Checks;
}

type StoreOpener = (label: string) => Promise<{ store: Store; dispose(): Promise<void> }>;

async function runOn(name: string, open: StoreOpener): Promise<StoreRun> {
  const using = async <T>(label: string, work: (store: Store) => Promise<T>): Promise<T> => {
    const { store, dispose } = await open(label);
    try {
      return await work(store);
    } finally {
      await dispose();
    }
  };
  console.error(`approval-gate: ${name}: warm-up (${warmupActions} actions each way)…`);
  await using('warm', async (store) => {
    await runPlain(store, warmupActions, 'w');
    await runGate(store, warmupActions, 'warm');
  });
  console.error(`approval-gate: ${name}: baseline, ${integer(actions)} plain inserts of each row…`);
  const plain = await using('plain', (store) => runPlain(store, actions, 'p'));
  console.error(`approval-gate: ${name}: gate, ${integer(actions)} proposals and decisions…`);
  return using('gate', async (store) => {
    const gate = await runGate(store, actions, 'gate');
    console.error(`approval-gate: ${name}: audit to ${integer(targetEntries)} entries, verify…`);
    const checks = await check(store);
    const audit = await measureAudit(store);
    return { name, plain, gate, audit, checks };
  });
}

const runs: StoreRun[] = [];
const directories: string[] = [];
try {
  runs.push(
    await runOn('SQLite', async () => {
      const directory = mkdtempSync(join(tmpdir(), 'steward-bench-'));
      directories.push(directory);
      const store = await openStore({ dataDir: directory });
      return {
        store,
        dispose: async () => {
          await store.close();
          rmSync(directory, { recursive: true, force: true });
        },
      };
    }),
  );
} finally {
  for (const directory of directories) rmSync(directory, { recursive: true, force: true });
}

const adminUrl = process.env.STEWARD_BENCH_DATABASE_URL;
if (adminUrl !== undefined && adminUrl !== '') {
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    runs.push(
      await runOn('PostgreSQL', async (label) => {
        const name = `steward_bench_${process.pid}_${label}`;
        await admin.query(`create database ${name}`);
        const url = new URL(adminUrl);
        url.pathname = `/${name}`;
        try {
          const store = await openStore({ databaseUrl: url.toString() });
          return {
            store,
            dispose: async () => {
              try {
                await store.close();
              } finally {
                await admin.query(`drop database ${name} with (force)`);
              }
            },
          };
        } catch (error) {
          await admin.query(`drop database if exists ${name} with (force)`);
          throw error;
        }
      }),
    );
  } finally {
    await admin.end();
  }
}

// ---------------------------------------------------------------------------------------------------
// Report

console.log(
  `${integer(actions)} actions (restart in production, 1 approval from sre), ${concurrency} concurrent workers; audit log of ${integer(targetEntries)} entries; Node ${process.versions.node}${gc === undefined ? ' (run with --expose-gc for steadier memory figures)' : ''}\n`,
);
console.log(
  '| store | writes | total s | proposals + decisions /s | propose p50 / p99 ms | decide p50 / p99 ms | × baseline time | errors |',
);
console.log('| --- | --- | --- | --- | --- | --- | --- | --- |');
for (const run of runs) {
  for (const [label, figures] of [
    ['baseline: plain inserts', run.plain],
    ['Steward gate', run.gate],
  ] as const) {
    console.log(
      `| ${run.name} | ${label} | ${seconds(figures.ms)} | ${integer((2 * actions * 1000) / figures.ms)} | ${ms(percentile(figures.propose, 0.5))} / ${ms(percentile(figures.propose, 0.99))} | ${ms(percentile(figures.decide, 0.5))} / ${ms(percentile(figures.decide, 0.99))} | ${(figures.ms / run.plain.ms).toFixed(1)}× | ${figures.errors.length} |`,
    );
  }
}

console.log('');
console.log(
  '| store | entries | baseline select: s, entries/s, peak RSS Δ MB | verifyAudit: s, entries/s, peak RSS Δ MB | × baseline time | chain ok |',
);
console.log('| --- | --- | --- | --- | --- | --- |');
for (const run of runs) {
  const audit = run.audit;
  console.log(
    `| ${run.name} | ${integer(audit.entries)} | ${seconds(audit.plainMs)}, ${integer((audit.entries * 1000) / audit.plainMs)}, +${mb(audit.plainPeakKb)} | ${seconds(audit.verifyMs)}, ${integer((audit.entries * 1000) / audit.verifyMs)}, +${mb(audit.verifyPeakKb)} | ${(audit.verifyMs / audit.plainMs).toFixed(1)}× | ${audit.ok} |`,
  );
}
console.log(
  `\n(median of ${rounds} rounds; the extra entries were appended with appendAudit, ${appendBatch} per transaction: ${runs
    .map(
      (run) =>
        `${run.name} ${integer(run.audit.appended)} in ${seconds(run.audit.appendMs)} s, ${integer((run.audit.appended * 1000) / run.audit.appendMs)}/s`,
    )
    .join('; ')})`,
);

console.log('');
console.log(
  '| store | requests by status | approve decisions | approval.execute jobs | requests with exactly one job | audit entries of the gate | all checks |',
);
console.log('| --- | --- | --- | --- | --- | --- | --- |');
for (const run of runs) {
  const c = run.checks;
  const statuses = Object.entries(c.statuses)
    .map(([status, count]) => `${status} ${integer(count)}`)
    .join(', ');
  const gateEvents = ['proposed', 'approved', 'approval_complete']
    .map((event) => `${event} ${integer(c.events[event] ?? 0)}`)
    .join(', ');
  console.log(
    `| ${run.name} | ${statuses} | ${integer(c.decisions)} | ${integer(c.jobs)} | ${integer(c.requestsWithOneJob)} of ${integer(actions)} | ${gateEvents} | ${c.passed && run.audit.ok && run.gate.errors.length === 0 ? 'passed' : 'FAILED'} |`,
  );
}

let failed = false;
for (const run of runs) {
  for (const error of [...run.plain.errors, ...run.gate.errors].slice(0, 5)) {
    console.log(`${run.name}: error ${error}`);
  }
  for (const problem of run.audit.problems.slice(0, 5)) console.log(`${run.name}: audit ${problem}`);
  if (!run.checks.passed || !run.audit.ok || run.gate.errors.length > 0 || run.plain.errors.length > 0) {
    failed = true;
  }
}
if (failed) process.exitCode = 1;
