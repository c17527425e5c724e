import { setTimeout as delay } from 'node:timers/promises';
import type { ApprovalsConfig } from '../../config/index.ts';
import { serviceOfUnit } from './blast-radius.ts';
import { abortReason, errorText } from './error-text.ts';

/** The `approvals.health_check` section. */
export type HealthCheckConfig = ApprovalsConfig['health_check'];

export interface HealthCheckInput {
  requestId: string;
  /** The units the step changed. */
  targets: string[];
  signal: AbortSignal;
}

export interface HealthCheckResult {
  healthy: boolean;
  detail: string;
}

/** Checks the targets of a step once it ran. Never throws. */
export type HealthCheck = (input: HealthCheckInput) => Promise<HealthCheckResult>;

export interface HealthCheckOptions {
  /** The pause before each probe; default a timer that the signal cuts short. */
  sleep?: (ms: number, signal: AbortSignal) => Promise<void>;
  fetch?: typeof fetch;
}

type Probe = { ok: true; status: number } | { ok: false; problem: string };

/**
 * The health check of `approvals.health_check`. Without `url`: always healthy ("no health check
 * configured"). Otherwise, for each target of the step (in parallel), GET `url` with `{target}` (the
 * unit), `{service}` (the unit's part before the first `/`, or the whole unit) and `{request}` (the
 * request id) filled in, URL-encoded: up to `attempts` probes, each after an `interval_seconds` pause
 * and within `timeout_seconds`; a target is healthy at its first 2xx answer. The step is healthy only
 * when every target is; the detail names each target that is not, with its last status or error and
 * after how many probes. An abort ends it unhealthy.
 */
export function createHealthCheck(config: HealthCheckConfig, options: HealthCheckOptions = {}): HealthCheck {
  const template = config.url;
  if (template === undefined) {
    return async () => ({ healthy: true, detail: 'no health check configured' });
  }
  const sleep = options.sleep ?? ((ms: number, signal: AbortSignal) => delay(ms, undefined, { signal }));
  const send = options.fetch ?? fetch;
  const intervalMs = config.interval_seconds * 1000;
  const timeoutMs = config.timeout_seconds * 1000;

  async function probe(url: string, signal: AbortSignal): Promise<Probe> {
    const timeout = AbortSignal.timeout(timeoutMs);
    try {
      const response = await send(url, { signal: AbortSignal.any([signal, timeout]) });
      await response.body?.cancel().catch(() => {});
      if (response.status >= 200 && response.status < 300) return { ok: true, status: response.status };
      return { ok: false, problem: `answered ${response.status}` };
    } catch (error) {
      if (signal.aborted) return { ok: false, problem: `aborted (${abortReason(signal)})` };
      if (timeout.aborted) return { ok: false, problem: `no answer within ${config.timeout_seconds} s` };
      return { ok: false, problem: errorText(error) };
    }
  }

  async function checkTarget(target: string, requestId: string, signal: AbortSignal) {
    const url = template!
      .replaceAll('{target}', encodeURIComponent(target))
      .replaceAll('{service}', encodeURIComponent(serviceOfUnit(target)))
      .replaceAll('{request}', encodeURIComponent(requestId));
    let last: Probe = { ok: false, problem: 'not probed' };
    let probes = 0;
    while (probes < config.attempts) {
      try {
        await sleep(intervalMs, signal);
      } catch {
        // The signal cut the pause short.
      }
      if (signal.aborted) {
        last = { ok: false, problem: `aborted (${abortReason(signal)})` };
        break;
      }
      probes += 1;
      last = await probe(url, signal);
      if (last.ok || signal.aborted) break;
    }
    return { target, probes, last };
  }

  return async ({ requestId, targets, signal }) => {
    const results = await Promise.all(targets.map((target) => checkTarget(target, requestId, signal)));
    const failed = results.filter((result) => !result.last.ok);
    if (failed.length === 0) {
      return {
        healthy: true,
        detail:
          results.length === 0
            ? 'no targets to check'
            : results
                .map(({ target, probes }) => `${target} healthy after ${plural(probes, 'probe')}`)
                .join('; '),
      };
    }
    return {
      healthy: false,
      detail: failed
        .map(
          ({ target, probes, last }) =>
            `${target} unhealthy after ${plural(probes, 'probe')}: ${last.ok ? `answered ${last.status}` : last.problem}`,
        )
        .join('; '),
    };
  };
}

function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? '' : 's'}`;
}
