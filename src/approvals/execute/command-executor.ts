import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { secretVariables } from '../../config/index.ts';
import { abortReason, errorText } from './error-text.ts';
import type { ExecutionStep, Executor, ExecutorResult } from './executor.ts';
import { stepPayload } from './step-payload.ts';

export interface CommandExecutorOptions {
  /** `approvals.executor.command`: argv, run without a shell. */
  command: readonly string[];
  /** Per step; then SIGTERM, and SIGKILL `killAfterMs` later. */
  timeoutSeconds: number;
  /** Default 5 s. */
  killAfterMs?: number;
  /** The environment the command inherits, Steward's own secrets removed; default `process.env`. */
  baseEnv?: NodeJS.ProcessEnv;
  cwd?: string;
}

const detailLength = 500;
/** Output kept per stream (the end of it). */
const keptOutput = 64 * 1024;
/** After the command exits, how long its output may stay open (a background child holding it). */
const outputGraceMs = 2_000;
/**
 * Runs `command` once per step: no shell; the step as JSON (snake_case keys) on stdin; and
 * `STEWARD_REQUEST_ID`, `STEWARD_STEP`, `STEWARD_STEPS`, `STEWARD_IDEMPOTENCY_KEY`, `STEWARD_KIND`,
 * `STEWARD_ENVIRONMENT` and `STEWARD_TARGETS` (comma-joined) in its environment, which is Steward's own
 * without Steward's secrets. Exit 0 is done (detail: the end of stdout); another exit code or a signal
 * is a failure that is not retried (detail: the code and the end of stderr). On the timeout or an abort
 * the command's process group gets SIGTERM, then SIGKILL `killAfterMs` later; that is retryable, and
 * the result comes only once the command has ended. A command that cannot be started (ENOENT, EACCES)
 * is not retryable. Never throws.
 */
export function createCommandExecutor(options: CommandExecutorOptions): Executor {
  const [file, ...args] = options.command;
  if (file === undefined) throw new RangeError('the executor command is empty');
  const killAfterMs = options.killAfterMs ?? 5_000;
  const timeoutMs = options.timeoutSeconds * 1000;
  // Its own process group, so that a timeout stops what the command started too (not on Windows).
  const ownGroup = process.platform !== 'win32';

  return {
    run(step: ExecutionStep, signal: AbortSignal): Promise<ExecutorResult> {
      if (signal.aborted) {
        return Promise.resolve({
          ok: false,
          detail: `aborted before starting: ${abortReason(signal)}`,
          retryable: true,
        });
      }
      const env: NodeJS.ProcessEnv = { ...(options.baseEnv ?? process.env) };
      // Steward's own secrets: a command gets what it needs from its own configuration, not Steward's.
      for (const name of secretVariables) delete env[name];
      Object.assign(env, {
        STEWARD_REQUEST_ID: step.requestId,
        STEWARD_STEP: String(step.step),
        STEWARD_STEPS: String(step.steps),
        STEWARD_IDEMPOTENCY_KEY: step.idempotencyKey,
        STEWARD_KIND: step.kind,
        STEWARD_ENVIRONMENT: step.environment,
        STEWARD_TARGETS: step.targets.join(','),
      });

      return new Promise<ExecutorResult>((resolve) => {
        let child: ChildProcessWithoutNullStreams;
        try {
          child = spawn(file, args, {
            env,
            stdio: ['pipe', 'pipe', 'pipe'],
            detached: ownGroup,
            windowsHide: true,
            ...(options.cwd === undefined ? {} : { cwd: options.cwd }),
          });
        } catch (error) {
          // Arguments or environment Node refuses (a NUL byte): nothing was started.
          resolve({
            ok: false,
            detail: startFailure(file, error as NodeJS.ErrnoException),
            retryable: false,
          });
          return;
        }
        const stdout = new OutputTail();
        const stderr = new OutputTail();
        let stopped: string | undefined;
        let hardKilled = false;
        let exited = false;
        let settled = false;
        let killTimer: NodeJS.Timeout | undefined;
        let graceTimer: NodeJS.Timeout | undefined;

        const finish = (result: ExecutorResult) => {
          if (settled) return;
          settled = true;
          clearTimeout(timer);
          clearTimeout(graceTimer);
          // Once stopping, SIGKILL still reaches what the command started and left behind, if any.
          if (stopped === undefined) clearTimeout(killTimer);
          else killTimer?.unref();
          signal.removeEventListener('abort', onAbort);
          resolve(result);
        };
        const kill = (name: NodeJS.Signals) => {
          try {
            if (ownGroup && child.pid !== undefined) process.kill(-child.pid, name);
            else child.kill(name);
          } catch {
            // Already gone.
          }
        };
        const stop = (why: string) => {
          if (stopped !== undefined || exited || child.pid === undefined) return;
          stopped = why;
          kill('SIGTERM');
          killTimer = setTimeout(() => {
            hardKilled = true;
            kill('SIGKILL');
          }, killAfterMs);
        };
        const onAbort = () => stop(`aborted (${abortReason(signal)})`);
        const timer = setTimeout(() => stop(`timed out after ${options.timeoutSeconds} s`), timeoutMs);
        signal.addEventListener('abort', onAbort, { once: true });

        child.stdout.setEncoding('utf8').on('data', (chunk: string) => stdout.add(chunk));
        child.stderr.setEncoding('utf8').on('data', (chunk: string) => stderr.add(chunk));
        // EPIPE: the command did not read its input; its exit code says how it went.
        child.stdin.on('error', () => {});
        child.stdin.end(`${JSON.stringify(stepPayload(step))}\n`);

        child.on('error', (error: NodeJS.ErrnoException) => {
          if (child.pid !== undefined) return;
          finish({ ok: false, detail: startFailure(file, error), retryable: false });
        });
        child.on('exit', () => {
          exited = true;
          graceTimer = setTimeout(() => {
            child.stdout.destroy();
            child.stderr.destroy();
          }, outputGraceMs);
        });
        child.on('close', (code: number | null, signalName: NodeJS.Signals | null) => {
          if (stopped !== undefined) {
            const how = hardKilled ? `SIGTERM, then SIGKILL after ${killAfterMs / 1000} s` : 'SIGTERM';
            finish({ ok: false, detail: `${stopped}: stopped with ${how}${tail(stderr)}`, retryable: true });
          } else if (code === 0) {
            finish({ ok: true, detail: stdout.text().trim().slice(-detailLength) });
          } else {
            const how = code === null ? `killed by ${signalName ?? 'a signal'}` : `exit code ${code}`;
            finish({
              ok: false,
              detail: `${how}${tail(stderr.text().trim() === '' ? stdout : stderr)}`,
              retryable: false,
            });
          }
        });
      });
    },
  };
}

function tail(output: OutputTail): string {
  const text = output.text().trim();
  return text === '' ? '' : `: ${text.slice(-detailLength)}`;
}

function startFailure(file: string, error: NodeJS.ErrnoException): string {
  const what =
    error.code === 'ENOENT'
      ? 'not found (ENOENT)'
      : error.code === 'EACCES'
        ? 'not executable (EACCES)'
        : errorText(error);
  return `cannot run ${JSON.stringify(file)}: ${what}; check approvals.executor.command (argv, run without a shell: the first item is the program)`;
}

/** The last `keptOutput` characters of a stream. */
class OutputTail {
  #text = '';

  add(chunk: string): void {
    this.#text += chunk;
    if (this.#text.length > 2 * keptOutput) this.#text = this.#text.slice(-keptOutput);
  }

  text(): string {
    return this.#text.slice(-keptOutput);
  }
}
