import type { ApprovalsConfig, Environment } from '../../config/index.ts';
import { configFileName } from '../../config/index.ts';
import { ConfigError } from '../../errors/index.ts';
import { createCommandExecutor } from './command-executor.ts';
import { createWebhookExecutor } from './webhook-executor.ts';

/** One step of an approved action, as an executor receives it. */
export interface ExecutionStep {
  requestId: string;
  /** 1-based. */
  step: number;
  steps: number;
  /** The same for every attempt of this step: a receiver does the step at most once per key. */
  idempotencyKey: string;
  kind: string;
  environment: string;
  /** The units this step changes (`service/instance` or a host). */
  targets: string[];
  arguments: Record<string, unknown>;
  approvedBy: string[];
  reason: string;
}

/**
 * What running a step came to. `retryable: true` when the step may not have run or failed in passing
 * (a timeout, a 5xx, the network) — running it again with the same idempotency key is safe; `false`
 * when the executor refused or failed it, which a person should look at.
 */
export type ExecutorResult = { ok: true; detail: string } | { ok: false; detail: string; retryable: boolean };

/** Carries out one step. Never throws for the step failing: that is an `ok: false` result. */
export interface Executor {
  run(step: ExecutionStep, signal: AbortSignal): Promise<ExecutorResult>;
}

/** The `approvals.executor` section. */
export type ExecutorConfig = ApprovalsConfig['executor'];

export interface CreateExecutorOptions {
  fetch?: typeof fetch;
  /** Pause between SIGTERM and SIGKILL of a command that overran; default 5 s. */
  killAfterMs?: number;
  /** The environment a command inherits (Steward's own secrets removed); default `process.env`. */
  baseEnv?: NodeJS.ProcessEnv;
}

/**
 * The executor `approvals.executor` configures: the webhook (`webhook_url`, signed with
 * `STEWARD_EXECUTOR_SECRET`) or the command (`command`); `undefined` when neither is set. Throws a
 * `ConfigError` when both are set (ambiguous: pick one) or when the webhook has no secret.
 */
export function createExecutor(
  config: ExecutorConfig,
  env: Pick<Environment, 'STEWARD_EXECUTOR_SECRET'>,
  options: CreateExecutorOptions = {},
): Executor | undefined {
  if (config.webhook_url !== undefined && config.command !== undefined) {
    throw new ConfigError(
      [
        {
          source: configFileName,
          path: 'approvals.executor',
          message: 'both webhook_url and command are set: which one runs the steps is ambiguous',
        },
      ],
      'keep one of approvals.executor.webhook_url and approvals.executor.command',
    );
  }
  if (config.webhook_url !== undefined) {
    return createWebhookExecutor({
      url: config.webhook_url,
      secret: env.STEWARD_EXECUTOR_SECRET,
      timeoutSeconds: config.timeout_seconds,
      ...(options.fetch === undefined ? {} : { fetch: options.fetch }),
    });
  }
  if (config.command !== undefined) {
    return createCommandExecutor({
      command: config.command,
      timeoutSeconds: config.timeout_seconds,
      ...(options.killAfterMs === undefined ? {} : { killAfterMs: options.killAfterMs }),
      ...(options.baseEnv === undefined ? {} : { baseEnv: options.baseEnv }),
    });
  }
  return undefined;
}
