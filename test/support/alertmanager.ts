import { type ChildProcess, spawn } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';

/**
 * A real Prometheus Alertmanager (the Debian package `prometheus-alertmanager`, 0.25) for wire tests,
 * and a local webhook receiver to point it at.
 *
 * Alertmanager's rules that shape these options (0.25):
 * - durations are whole milliseconds at least (`1ms`; `0.5s` and `100us` are rejected); group_wait may
 *   be 0, group_interval and repeat_interval may not ("cannot be zero");
 * - label names must match [a-zA-Z_][a-zA-Z0-9_]* (no UTF-8 names before 0.27); values are any UTF-8.
 */

export const alertmanagerInstallHint =
  'install it with `scripts/alertmanager.sh install` (apt-get install prometheus-alertmanager) or set ALERTMANAGER_BIN';

/** The binary: $ALERTMANAGER_BIN, else `prometheus-alertmanager` or `alertmanager` on the PATH. */
export function findAlertmanagerBinary(): string | undefined {
  const configured = process.env.ALERTMANAGER_BIN;
  if (configured != null && configured !== '') {
    return isExecutable(configured) ? configured : undefined;
  }
  for (const name of ['prometheus-alertmanager', 'alertmanager']) {
    for (const directory of (process.env.PATH ?? '').split(delimiter)) {
      if (directory === '') continue;
      const candidate = join(directory, name);
      if (isExecutable(candidate)) return candidate;
    }
  }
  return undefined;
}

/** Whether an Alertmanager binary is found. */
export function alertmanagerAvailable(): boolean {
  return findAlertmanagerBinary() !== undefined;
}

/**
 * The `skip` option for a suite that needs Alertmanager: a reason when no binary is found locally;
 * `false` when one is found or when CI is set, so that CI runs the suite and fails with the install hint.
 */
export function alertmanagerSkip(): string | false {
  if (alertmanagerAvailable() || isCi()) return false;
  return `no Alertmanager binary (${alertmanagerInstallHint})`;
}

export interface AlertmanagerOptions {
  /** Where the one webhook receiver sends notifications. */
  webhookUrl: string;
  /** Sent as `Authorization: Bearer <token>` (http_config.authorization). */
  bearerToken?: string;
  /** Route group_by; `['...']` groups by every label. Default: no grouping labels (one group). */
  groupBy?: string[];
  /** Default 100 (Alertmanager's own default is 30 s). 0 is allowed. */
  groupWaitMs?: number;
  /** Default 1,000 (Alertmanager's own is 5 min). At least 1. */
  groupIntervalMs?: number;
  /** Default one hour (as Alertmanager's own is 4 h: no repeats during a test). At least 1. */
  repeatIntervalMs?: number;
  /** global.resolve_timeout: how long an alert without endsAt stays firing. Default 5 min. */
  resolveTimeoutMs?: number;
  /** Webhook max_alerts: 0 (the default) sends every alert of a group. */
  maxAlerts?: number;
}

/** An alert as POST /api/v2/alerts takes it. */
export interface PostableAlert {
  labels: Record<string, string>;
  annotations?: Record<string, string>;
  startsAt?: string;
  endsAt?: string;
  generatorURL?: string;
}

/** An alert as GET /api/v2/alerts returns it. */
export interface GettableAlert {
  fingerprint: string;
  labels: Record<string, string>;
  annotations: Record<string, string>;
  status: { state: 'active' | 'suppressed' | 'unprocessed'; silencedBy: string[]; inhibitedBy: string[] };
  startsAt: string;
  endsAt: string;
  updatedAt: string;
  generatorURL?: string;
  receivers: { name: string }[];
}

export interface RunningAlertmanager {
  /** Base URL, e.g. http://127.0.0.1:41234 (API under /api/v2). */
  url: string;
  /** The process id (for /proc figures). */
  pid: number;
  /** POST /api/v2/alerts; throws unless Alertmanager answers 200 (it rejects the invalid alerts of a batch). */
  postAlerts(alerts: PostableAlert[]): Promise<void>;
  /** GET /api/v2/alerts: the alerts that are firing now (resolved ones are not listed). */
  alerts(): Promise<GettableAlert[]>;
  /** Its log so far (logfmt, stderr), for failure messages. */
  log(): string;
  /** Kills the process and deletes its configuration and storage. Safe to call twice. */
  close(): Promise<void>;
}

/** Starts Alertmanager on a free loopback port, with no clustering, and waits until it is ready. */
export async function startAlertmanager(options: AlertmanagerOptions): Promise<RunningAlertmanager> {
  const binary = findAlertmanagerBinary();
  if (binary === undefined) {
    throw new Error(`Alertmanager is not installed: ${alertmanagerInstallHint}`);
  }
  const directory = await mkdtemp(join(tmpdir(), 'steward-alertmanager-'));
  const configFile = join(directory, 'alertmanager.yml');
  // JSON is YAML: no quoting questions for URLs, tokens or label names.
  await writeFile(configFile, `${JSON.stringify(alertmanagerConfig(options), null, 2)}\n`);

  const child = spawn(
    binary,
    [
      `--config.file=${configFile}`,
      `--storage.path=${join(directory, 'data')}`,
      '--web.listen-address=127.0.0.1:0',
      '--cluster.listen-address=',
      '--log.level=info',
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  // Never outlive the test process, even when a test forgets close().
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);

  let logText = '';
  const appendLog = (chunk: Buffer) => {
    logText += chunk.toString('utf8');
    if (logText.length > 200_000) logText = logText.slice(-100_000);
  };
  child.stdout?.on('data', appendLog);
  child.stderr?.on('data', appendLog);

  let closed = false;
  const close = async () => {
    if (closed) return;
    closed = true;
    await stopProcess(child);
    process.removeListener('exit', killOnExit);
    await rm(directory, { recursive: true, force: true });
  };

  try {
    const port = await waitForPort(child, () => logText);
    const url = `http://127.0.0.1:${port}`;
    await waitForReady(url, child, () => logText);
    return {
      url,
      pid: child.pid!,
      postAlerts: async (alerts) => {
        const response = await fetch(`${url}/api/v2/alerts`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(alerts),
        });
        const text = await response.text();
        if (response.status !== 200) {
          throw new Error(`Alertmanager answered ${response.status} to POST /api/v2/alerts: ${text}`);
        }
      },
      alerts: async () => {
        const response = await fetch(`${url}/api/v2/alerts`);
        if (response.status !== 200) {
          throw new Error(
            `Alertmanager answered ${response.status} to GET /api/v2/alerts: ${await response.text()}`,
          );
        }
        return (await response.json()) as GettableAlert[];
      },
      log: () => logText,
      close,
    };
  } catch (error) {
    await close();
    throw error;
  }
}

/** The configuration file's content: one route, one webhook receiver that also sends resolutions. */
export function alertmanagerConfig(options: AlertmanagerOptions): unknown {
  const webhook: Record<string, unknown> = {
    url: options.webhookUrl,
    send_resolved: true,
    max_alerts: nonNegative('maxAlerts', options.maxAlerts ?? 0),
  };
  if (options.bearerToken !== undefined) {
    webhook.http_config = { authorization: { type: 'Bearer', credentials: options.bearerToken } };
  }
  const route: Record<string, unknown> = {
    receiver: 'steward-test',
    group_wait: duration('groupWaitMs', options.groupWaitMs ?? 100, 0),
    group_interval: duration('groupIntervalMs', options.groupIntervalMs ?? 1_000, 1),
    repeat_interval: duration('repeatIntervalMs', options.repeatIntervalMs ?? 3_600_000, 1),
  };
  if (options.groupBy !== undefined) route.group_by = options.groupBy;
  return {
    global: { resolve_timeout: duration('resolveTimeoutMs', options.resolveTimeoutMs ?? 300_000, 1) },
    route,
    receivers: [{ name: 'steward-test', webhook_configs: [webhook] }],
  };
}

/** Alertmanager's duration syntax takes whole units only: milliseconds it is. */
function duration(name: string, milliseconds: number, minimum: number): string {
  if (!Number.isInteger(milliseconds) || milliseconds < minimum) {
    throw new RangeError(
      `${name} must be a whole number of milliseconds, at least ${minimum}: ${milliseconds}`,
    );
  }
  return `${milliseconds}ms`;
}

function nonNegative(name: string, value: number): number {
  if (!Number.isInteger(value) || value < 0)
    throw new RangeError(`${name} must be a whole number ≥ 0: ${value}`);
  return value;
}

/** Reads the port from `msg="Listening on" address=127.0.0.1:PORT`. */
function waitForPort(child: ChildProcess, log: () => string): Promise<number> {
  return new Promise((resolve, reject) => {
    const pattern = /msg="Listening on"[^\n]*address=127\.0\.0\.1:(\d+)/;
    const cleanup = () => {
      clearTimeout(timer);
      child.stderr?.off('data', check);
      child.stdout?.off('data', check);
      child.off('exit', exited);
      child.off('error', failed);
    };
    const check = () => {
      const match = pattern.exec(log());
      if (match) {
        cleanup();
        resolve(Number(match[1]));
      }
    };
    const exited = (code: number | null, signal: string | null) => {
      cleanup();
      reject(new Error(`Alertmanager exited (${code ?? signal}) before listening:\n${log()}`));
    };
    const failed = (error: Error) => {
      cleanup();
      reject(error);
    };
    const timer = setTimeout(() => {
      cleanup();
      reject(new Error(`Alertmanager did not log its address within 15 s:\n${log()}`));
    }, 15_000);
    child.stderr?.on('data', check);
    child.stdout?.on('data', check);
    child.once('exit', exited);
    child.once('error', failed);
    check();
  });
}

async function waitForReady(url: string, child: ChildProcess, log: () => string): Promise<void> {
  const deadline = Date.now() + 15_000;
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`Alertmanager exited before it was ready:\n${log()}`);
    }
    try {
      const response = await fetch(`${url}/-/ready`);
      await response.arrayBuffer();
      if (response.status === 200) return;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`Alertmanager was not ready within 15 s:\n${log()}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

async function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
  await exited;
  clearTimeout(timer);
}

function isExecutable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

function isCi(): boolean {
  const ci = process.env.CI;
  return ci != null && ci !== '' && ci !== '0' && ci.toLowerCase() !== 'false';
}

/** Webhook payload version 4, as Alertmanager's webhook receiver sends it. */
export interface WebhookPayload {
  version: string;
  groupKey: string;
  truncatedAlerts: number;
  status: 'firing' | 'resolved';
  receiver: string;
  groupLabels: Record<string, string>;
  commonLabels: Record<string, string>;
  commonAnnotations: Record<string, string>;
  externalURL: string;
  alerts: WebhookAlert[];
}

export interface WebhookAlert {
  status: 'firing' | 'resolved';
  labels: Record<string, string>;
  annotations: Record<string, string>;
  startsAt: string;
  endsAt: string;
  generatorURL: string;
  fingerprint: string;
}

/** One notification as the receiver got it. */
export interface ReceivedNotification {
  /** performance.now() when the body was read. */
  receivedAt: number;
  headers: IncomingHttpHeaders;
  payload: WebhookPayload;
}

export interface WebhookReceiver {
  /** The URL to give Alertmanager. */
  url: string;
  readonly notifications: ReceivedNotification[];
  /** Called on each notification as it arrives. */
  onNotification?: (notification: ReceivedNotification) => void;
  /** Resolves once `predicate` holds over the notifications so far; rejects after `timeoutMs`. */
  waitFor(predicate: (notifications: ReceivedNotification[]) => boolean, timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
}

/** A node:http server on loopback that records each webhook notification and answers 200. */
export async function startWebhookReceiver(
  options: { keepNotifications?: boolean } = {},
): Promise<WebhookReceiver> {
  const keep = options.keepNotifications ?? true;
  const notifications: ReceivedNotification[] = [];
  const waiters = new Set<() => void>();
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const notification: ReceivedNotification = {
        receivedAt: performance.now(),
        headers: request.headers,
        payload: JSON.parse(Buffer.concat(chunks).toString('utf8')) as WebhookPayload,
      };
      if (keep) notifications.push(notification);
      receiver.onNotification?.(notification);
      response.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
      for (const waiter of waiters) waiter();
    });
  });
  // Alertmanager flushes every group in its own goroutine: thousands of connections can open at once, and
  // past the listen backlog the kernel drops them (retried a second later), which would look like latency.
  await new Promise<void>((resolve) =>
    server.listen({ port: 0, host: '127.0.0.1', backlog: 65_535 }, resolve),
  );
  const { port } = server.address() as AddressInfo;
  const receiver: WebhookReceiver = {
    url: `http://127.0.0.1:${port}/alerts`,
    notifications,
    waitFor: (predicate, timeoutMs = 15_000) =>
      new Promise<void>((resolve, reject) => {
        const check = () => {
          if (predicate(notifications)) {
            waiters.delete(check);
            clearTimeout(timer);
            resolve();
          }
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`timed out after ${timeoutMs} ms with ${notifications.length} notifications`));
        }, timeoutMs);
        waiters.add(check);
        check();
      }),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
  return receiver;
}
