import { randomUUID } from 'node:crypto';
import { type ApprovalActionKind, readOnlyActionKinds } from '../../config/index.ts';
import type { Logger } from '../../logging/index.ts';
import { appendAudit } from '../audit/index.ts';
import {
  assessBlastRadius,
  type Executor,
  type ExecutorResult,
  type HealthCheck,
  planSteps,
  targetDigest,
  targetUnits,
} from '../execute/index.ts';
import { evaluatePolicy } from '../policy/evaluate-policy.ts';
import { actionHash } from '../registry/proposed-action.ts';
import type { ApprovalDeps } from '../requests/approval-deps.ts';
import type { ApprovalRequest } from '../requests/approval-request.ts';
import { closeRequest } from '../requests/close-request.ts';
import { decisionsOf, readRequest, stepsOf } from '../requests/read-requests.ts';

export interface ExecuteDeps extends ApprovalDeps {
  /** Undefined when approvals.executor is not configured. */
  executor: Executor | undefined;
  healthCheck: HealthCheck;
  logger: Pick<Logger, 'info' | 'warn'>;
  signal: AbortSignal;
  /** Pause between retries of a failed executor call. */
  sleep?: (ms: number) => Promise<void>;
  /**
   * How long a worker's claim on a running request holds without its heartbeat (renewed every third of
   * it): after a crash, another worker resumes the request this long after the last heartbeat.
   * Default 120 s (`server.job_lease_seconds` in `steward serve`).
   */
  leaseMs?: number;
}

/** Tries of one step's executor call when it fails in a way worth retrying (5xx, timeout). */
const executorTries = 3;

/**
 * Runs an approved request, once. Before it starts, the action is hashed again (a changed action goes
 * back to `pending`: any change needs a new approval) and its targets are looked up again (drift:
 * back to `pending` with the new state). Then `approved → executing` is taken by a conditional update,
 * and the steps run one after another: each at most `max_targets_per_step` targets, through the
 * executor with the step's idempotency key, then the health check; the first failed step or check
 * stops the rollout. Each step is recorded, so a process that died mid-way resumes at the step it was
 * in (sending the same idempotency key again) and never repeats a passed one.
 */
export async function executeRequest(deps: ExecuteDeps, requestId: string): Promise<ApprovalRequest> {
  let request = await readRequest(deps.db, requestId);
  if (request.status === 'approved') {
    const checked = await recheck(deps, request);
    if (checked !== undefined) return checked;
  }
  if (request.status !== 'approved' && request.status !== 'executing') return request;
  const runner = randomUUID();
  const now = deps.now();
  const claimed = await deps.db.transaction().execute(async (trx) => {
    const updated = await trx
      .updateTable('approval_requests')
      .set({ status: 'executing', runner, runner_until_ms: now + runnerLeaseMs(deps) })
      .where('id', '=', request.id)
      .where((eb) =>
        eb.or([
          eb('status', '=', 'approved'),
          eb.and([
            eb('status', '=', 'executing'),
            eb.or([eb('runner_until_ms', 'is', null), eb('runner_until_ms', '<', now)]),
          ]),
        ]),
      )
      .executeTakeFirst();
    if ((updated.numUpdatedRows ?? 0n) === 0n) return false;
    await appendAudit(trx, {
      event: 'execution_started',
      requestId: request.id,
      actor: 'steward',
      detail: {
        action_hash: request.actionHash,
        target_digest: request.targetDigest,
        resumed: request.status === 'executing',
      },
      atMs: now,
    });
    return true;
  });
  request = await readRequest(deps.db, requestId);
  if (!claimed) {
    if (request.status === 'executing') {
      // Another worker runs it now; if that worker died, its claim lapses and a retry takes over.
      throw new ExecutionInProgressError(request.id);
    }
    return request;
  }
  await deps.onChange?.(request);
  const heartbeat = runnerHeartbeat(deps, request.id, runner);
  try {
    return await runSteps(deps, request, runner);
  } finally {
    heartbeat.stop();
  }
}

function runnerLeaseMs(deps: ExecuteDeps): number {
  return deps.leaseMs ?? 120_000;
}

/** Renews the claim every third of the lease while steps run; stops when told, or when the claim is lost. */
function runnerHeartbeat(deps: ExecuteDeps, requestId: string, runner: string): { stop(): void } {
  const leaseMs = runnerLeaseMs(deps);
  const timer = setInterval(
    () => {
      deps.db
        .updateTable('approval_requests')
        .set({ runner_until_ms: deps.now() + leaseMs })
        .where('id', '=', requestId)
        .where('runner', '=', runner)
        .where('status', '=', 'executing')
        .execute()
        .catch((error: unknown) =>
          deps.logger.warn(
            { request: requestId, err: error },
            'could not renew the claim on a running request',
          ),
        );
    },
    Math.max(10, Math.floor(leaseMs / 3)),
  );
  timer.unref();
  return { stop: () => clearInterval(timer) };
}

/** Another worker holds the request's execution: the job is tried again later. */
export class ExecutionInProgressError extends Error {
  constructor(id: string) {
    super(`request ${id} is being executed by another worker; trying again later`);
    this.name = 'ExecutionInProgressError';
  }
}

/** The action and its targets as approved, or the request sent back for a new approval (or denied). */
async function recheck(deps: ExecuteDeps, request: ApprovalRequest): Promise<ApprovalRequest | undefined> {
  const now = deps.now();
  const hash = actionHash(request);
  const inventory = await deps.inventoryFor(request.targets.services, deps.signal);
  const digest = targetDigest(request.targets, inventory);
  if (hash === request.actionHash && digest === request.targetDigest) return undefined;
  const changed = hash !== request.actionHash;
  const blast = assessBlastRadius(request.targets, inventory, {
    maxInstanceShare: deps.config.blast_radius.max_instance_share,
  });
  const policy = evaluatePolicy(
    {
      kind: request.kind as ApprovalActionKind,
      environment: request.environment,
      wide: blast.wide,
      wideNotes: blast.notes,
    },
    deps.config,
  );
  const reason = changed
    ? `the action changed after it was approved (hash ${request.actionHash.slice(0, 12)} → ${hash.slice(0, 12)}): it needs a new approval`
    : `its targets changed since they were approved (${blast.notes.join('; ') || 'the instances differ'}): it needs a new approval`;
  await deps.db.transaction().execute(async (trx) => {
    const updated = await trx
      .updateTable('approval_requests')
      .set({
        status: 'pending',
        action_hash: hash,
        target_digest: digest,
        policy: JSON.stringify(policy),
        approved_at_ms: null,
        outcome_reason: reason,
        expires_at_ms: now + deps.config.expiry_minutes * 60_000,
      })
      .where('id', '=', request.id)
      .where('status', '=', 'approved')
      .executeTakeFirst();
    if ((updated.numUpdatedRows ?? 0n) === 0n) return;
    await appendAudit(trx, {
      event: changed ? 'changed' : 'drift',
      requestId: request.id,
      actor: 'steward',
      detail: {
        reason,
        action_hash: hash,
        approved_action_hash: request.actionHash,
        target_digest: digest,
        approved_target_digest: request.targetDigest,
      },
      atMs: now,
    });
    if (policy.decision === 'deny') {
      await closeRequest(trx, {
        id: request.id,
        from: ['pending'],
        status: 'denied',
        reason: `${reason}; and policy now denies it: ${policy.notes.join('; ')}`,
        event: 'denied',
        actor: 'policy',
        detail: { rule: policy.rule },
        atMs: now,
      });
    }
  });
  const updated = await readRequest(deps.db, request.id);
  deps.logger.warn({ request: request.id, reason }, 'approved action sent back for approval');
  await deps.onChange?.(updated);
  return updated;
}

async function runSteps(
  deps: ExecuteDeps,
  request: ApprovalRequest,
  runner: string,
): Promise<ApprovalRequest> {
  const inventory = await deps.inventoryFor(request.targets.services, deps.signal);
  if (targetDigest(request.targets, inventory) !== request.targetDigest) {
    return finish(deps, request, 'failed', 'its targets changed while it ran: stopped before the next step');
  }
  const readOnly = (readOnlyActionKinds as readonly string[]).includes(request.kind);
  if (deps.executor === undefined) {
    if (readOnly)
      return finish(deps, request, 'executed', 'recorded: read-only, and no executor is configured');
    return finish(deps, request, 'failed', 'no executor is configured (approvals.executor): nothing was run');
  }
  const steps = planSteps(
    targetUnits(request.targets, inventory),
    deps.config.blast_radius.max_targets_per_step,
  );
  const done = new Map((await stepsOf(deps.db, request.id)).map((step) => [step.step, step]));
  const approvedBy = (await decisionsOf(deps.db, request))
    .filter((decision) => decision.current && decision.decision === 'approve')
    .map((decision) => decision.person);
  for (const [index, targets] of steps.entries()) {
    const step = index + 1;
    const previous = done.get(step);
    if (previous?.status === 'passed') continue;
    if (previous?.status === 'failed')
      return finish(deps, request, 'failed', previous.detail ?? `step ${step} failed`);
    deps.signal.throwIfAborted();
    const renewed = await deps.db
      .updateTable('approval_requests')
      .set({ runner_until_ms: deps.now() + runnerLeaseMs(deps) })
      .where('id', '=', request.id)
      .where('runner', '=', runner)
      .where('status', '=', 'executing')
      .executeTakeFirst();
    if ((renewed.numUpdatedRows ?? 0n) === 0n) throw new ExecutionInProgressError(request.id);
    if (previous === undefined) {
      await deps.db
        .insertInto('approval_steps')
        .values({
          request_id: request.id,
          step,
          targets: JSON.stringify(targets),
          status: 'started',
          detail: null,
          started_at_ms: deps.now(),
          finished_at_ms: null,
        })
        .onConflict((conflict) => conflict.doNothing())
        .execute();
    }
    if (previous?.status !== 'executed') {
      const result = await runWithRetries(deps, {
        requestId: request.id,
        step,
        steps: steps.length,
        idempotencyKey: `${request.id}:${request.actionHash.slice(0, 16)}:${step}`,
        kind: request.kind,
        environment: request.environment,
        targets,
        arguments: request.arguments,
        approvedBy,
        reason: request.reason,
      });
      if (!result.ok) {
        const detail = `step ${step} of ${steps.length} (${targets.join(', ')}) failed to run: ${result.detail}`;
        await recordStep(deps, request.id, step, 'failed', detail, 'step_failed', targets);
        return finish(deps, request, 'failed', detail);
      }
      await recordStep(deps, request.id, step, 'executed', result.detail, 'step_executed', targets);
    }
    const health = await deps.healthCheck({ requestId: request.id, targets, signal: deps.signal });
    if (!health.healthy) {
      const detail = `health check after step ${step} of ${steps.length} (${targets.join(', ')}) failed: ${health.detail}; the remaining ${steps.length - step} step(s) were not run`;
      await recordStep(deps, request.id, step, 'failed', detail, 'step_failed', targets);
      return finish(deps, request, 'failed', detail);
    }
    await recordStep(deps, request.id, step, 'passed', health.detail, 'step_passed', targets);
  }
  return finish(deps, request, 'executed', `${steps.length} step(s) passed`);
}

async function runWithRetries(
  deps: ExecuteDeps,
  step: Parameters<Executor['run']>[0],
): Promise<ExecutorResult> {
  const sleep = deps.sleep ?? ((ms: number) => new Promise((resolve) => setTimeout(resolve, ms)));
  let result: ExecutorResult = { ok: false, detail: 'not run', retryable: true };
  for (let attempt = 1; attempt <= executorTries; attempt += 1) {
    result = await deps.executor!.run(step, deps.signal);
    if (result.ok || !result.retryable) return result;
    deps.logger.warn(
      { request: step.requestId, step: step.step, attempt, detail: result.detail },
      'executor call failed',
    );
    if (attempt < executorTries) await sleep(1_000 * 2 ** (attempt - 1));
  }
  return result;
}

async function recordStep(
  deps: ExecuteDeps,
  requestId: string,
  step: number,
  status: 'executed' | 'passed' | 'failed',
  detail: string,
  event: 'step_executed' | 'step_passed' | 'step_failed',
  targets: string[],
): Promise<void> {
  const now = deps.now();
  await deps.db.transaction().execute(async (trx) => {
    await trx
      .updateTable('approval_steps')
      .set({ status, detail, finished_at_ms: status === 'executed' ? null : now })
      .where('request_id', '=', requestId)
      .where('step', '=', step)
      .execute();
    await appendAudit(trx, {
      event,
      requestId,
      actor: 'steward',
      detail: { step, targets, detail },
      atMs: now,
    });
  });
}

async function finish(
  deps: ExecuteDeps,
  request: ApprovalRequest,
  status: 'executed' | 'failed',
  reason: string,
): Promise<ApprovalRequest> {
  await deps.db.transaction().execute((trx) =>
    closeRequest(trx, {
      id: request.id,
      from: ['executing'],
      status,
      reason,
      event: status,
      actor: 'steward',
      detail: {},
      atMs: deps.now(),
    }),
  );
  const updated = await readRequest(deps.db, request.id);
  deps.logger.info({ request: request.id, status, reason }, 'approved action finished');
  await deps.onChange?.(updated);
  return updated;
}
