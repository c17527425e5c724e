import type { Kysely } from 'kysely';
import type { ExecutionStep, ExecutorResult, HealthCheck } from '../../../src/approvals/execute/index.ts';
import {
  type ApprovalDeps,
  approvalDepsFor,
  type ExecuteDeps,
  type Executor,
  executeRequest,
  proposeAction,
} from '../../../src/approvals/index.ts';
import type { Database, Store } from '../../../src/store/index.ts';
import { configFrom } from '../../support/budget-fixtures.ts';

export const policyYaml = `
approvals:
  groups:
    sre: [alice, bob, carol]
    leads: [dana]
  rules:
    - kinds: [restart, rollback]
      environments: [production]
      decision: approve
      approvers: [sre]
      min_approvals: 1
    - kinds: [deploy]
      environments: [production]
      decision: approve
      approvers: [sre, leads]
      min_approvals: 2
    - kinds: [restart]
      environments: [production]
      wide: true
      decision: approve
      approvers: [sre]
      min_approvals: 2
  blast_radius:
    max_targets_per_step: 1
    inventory:
      api: [api-1, api-2, api-3, api-4]
      web: [web-1, web-2]
      db: [db-1]
`;

/**
 * An executor that does each idempotency key at most once, as a real receiver must: `done` lists the
 * steps it carried out, `calls` every call it got (a retry of a key is a call but not a new step).
 */
export class RecordingExecutor implements Executor {
  readonly calls: ExecutionStep[] = [];
  readonly done: ExecutionStep[] = [];
  #keys = new Set<string>();
  fail: ((step: ExecutionStep) => ExecutorResult | undefined) | undefined;

  async run(step: ExecutionStep): Promise<ExecutorResult> {
    this.calls.push(step);
    const failure = this.fail?.(step);
    if (failure !== undefined) return failure;
    if (!this.#keys.has(step.idempotencyKey)) {
      this.#keys.add(step.idempotencyKey);
      this.done.push(step);
    }
    return { ok: true, detail: 'done' };
  }
}

export interface Gate {
  deps: ApprovalDeps;
  executor: RecordingExecutor;
  health: { checked: string[][]; unhealthy: Set<string> };
  clock: { now: number };
  inventory: Record<string, string[]>;
  execute(id: string): ReturnType<typeof executeRequest>;
  executeDeps(): ExecuteDeps;
  propose(overrides?: Record<string, unknown>): ReturnType<typeof proposeAction>;
}

/** The gate over `store` with `yaml` as configuration, a hand-moved clock and a recording executor. */
export function gateFor(store: Store, yaml = policyYaml): Gate {
  const config = configFrom(yaml).approvals;
  const clock = { now: Date.UTC(2026, 10, 25, 9) };
  const inventory: Record<string, string[]> = structuredClone(config.blast_radius.inventory);
  const base = approvalDepsFor({ db: store.db, dialect: store.dialect, config, now: () => clock.now });
  const deps: ApprovalDeps = { ...base, inventoryFor: async () => structuredClone(inventory) };
  const executor = new RecordingExecutor();
  const health = { checked: [] as string[][], unhealthy: new Set<string>() };
  const healthCheck: HealthCheck = async ({ targets }) => {
    health.checked.push(targets);
    const bad = targets.filter((target) => health.unhealthy.has(target));
    return bad.length === 0
      ? { healthy: true, detail: 'healthy' }
      : { healthy: false, detail: `${bad.join(', ')} answered 503` };
  };
  const executeDeps = (): ExecuteDeps => ({
    ...deps,
    executor,
    healthCheck,
    logger: { info() {}, warn() {} },
    signal: new AbortController().signal,
    sleep: async () => {},
  });
  return {
    deps,
    executor,
    health,
    clock,
    inventory,
    executeDeps,
    execute: (id) => executeRequest(executeDeps(), id),
    propose: (overrides = {}) =>
      proposeAction(deps, {
        kind: 'restart',
        targets: { hosts: ['api-1'] },
        environment: 'production',
        arguments: { graceful: true },
        agent: 'incidents',
        run: 'c0ffee01',
        reason: 'Restarting api-1 resolved 3 of 3 similar incidents.',
        ...overrides,
      }),
  };
}

export async function auditEvents(db: Kysely<Database>, requestId: string): Promise<string[]> {
  const rows = await db
    .selectFrom('audit_log')
    .select('event')
    .where('request_id', '=', requestId)
    .orderBy('seq')
    .execute();
  return rows.map((row) => row.event);
}

export async function queuedExecutions(db: Kysely<Database>, requestId: string): Promise<number> {
  const rows = await db.selectFrom('jobs').select('payload').where('kind', '=', 'approval.execute').execute();
  return rows.filter((row) => (JSON.parse(row.payload) as { requestId: string }).requestId === requestId)
    .length;
}
