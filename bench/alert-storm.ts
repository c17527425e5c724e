// An alert storm through Prometheus Alertmanager and through Steward's incident grouping, in one run.
//
// The storm: 100,000 alerts over 200 services (30 alert names, 20 instances per service, severity by
// alert name, env, region, annotations and a generatorURL), 15 % of them repeats of an earlier alert (as
// Prometheus re-sends a firing alert every evaluation), so both sides deduplicate; in random order, so a
// group's alerts arrive spread over the storm. Both sides group by [alertname, service].
//
// Alertmanager (0.25, the Debian package; scripts/alertmanager.sh install): the storm is POSTed to
// /api/v2/alerts in batches, one request at a time. Measured: ingestion (first POST → its
// `alertmanager_alerts{state="active"}` gauge counts every distinct alert: stored and dispatched),
// delivery (first POST → every distinct alert has reached the local webhook receiver in a group
// notification), and per group the grouping latency: first alert of the group posted → the group's
// first notification received (this includes group_wait, which is set here, not Alertmanager's 30 s).
// Alertmanager sends its notifications while the storm is still arriving, and that work shares the
// machine with ingestion: a shorter group_interval (more update notifications) lowers its alerts/s.
//
// Steward: the same batches, each as an Alertmanager webhook body (version 4, with fingerprints), read
// with JSON.parse + parseAlertmanagerWebhook and stored and grouped with ingestAlerts, one batch at a
// time, on SQLite (a temporary data directory) and, when STEWARD_BENCH_DATABASE_URL names a PostgreSQL
// server whose user may create databases, on PostgreSQL (a temporary database). Measured: alerts/s,
// incidents out (noise reduction = alerts ÷ incidents) and the latency of each batch (p50/p99): the time
// from a body in hand to its incidents stored. Ratios are Steward ÷ Alertmanager.
//
//   node bench/alert-storm.ts [alerts=100000] [batch=1000] [group_wait_ms=1000] [group_interval_ms=10000]
//
// About a minute on 2 vCPU with SQLite only (20 s more with PostgreSQL). Needs the Alertmanager binary
// (scripts/alertmanager.sh install, or ALERTMANAGER_BIN); a throwaway PostgreSQL comes from
// `scripts/postgres.sh start DIR`, whose printed URL can be STEWARD_BENCH_DATABASE_URL.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { incidentsSchema } from '../src/config/index.ts';
import { alertFingerprint, ingestAlerts, parseAlertmanagerWebhook } from '../src/incidents/index.ts';
import { openStore, type Store } from '../src/store/index.ts';
import {
  alertmanagerInstallHint,
  findAlertmanagerBinary,
  type PostableAlert,
  startAlertmanager,
  startWebhookReceiver,
} from '../test/support/alertmanager.ts';

const total = Number(process.argv[2] ?? 100_000);
const batchSize = Number(process.argv[3] ?? 1_000);
const groupWaitMs = Number(process.argv[4] ?? 1_000);
const groupIntervalMs = Number(process.argv[5] ?? 10_000);
const repeatShare = 0.15;

// ---------------------------------------------------------------------------------------------------
// The storm

/** mulberry32: the same storm on every run. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const next = random(20_240_917);

const alertNames: [string, string][] = [
  ['HighErrorRate', 'critical'],
  ['HighLatencyP99', 'warning'],
  ['InstanceDown', 'critical'],
  ['TargetMissing', 'warning'],
  ['CPUThrottlingHigh', 'warning'],
  ['MemoryPressure', 'warning'],
  ['DiskWillFillIn4Hours', 'warning'],
  ['DiskFull', 'critical'],
  ['PodCrashLooping', 'critical'],
  ['PodNotReady', 'warning'],
  ['DeploymentReplicasMismatch', 'warning'],
  ['HPAMaxedOut', 'info'],
  ['NodeNotReady', 'critical'],
  ['ContainerOOMKilled', 'warning'],
  ['CertificateExpiringSoon', 'info'],
  ['PostgresReplicationLag', 'warning'],
  ['PostgresTooManyConnections', 'critical'],
  ['RedisDown', 'critical'],
  ['RedisMemoryHigh', 'warning'],
  ['KafkaConsumerLag', 'warning'],
  ['QueueBacklogGrowing', 'warning'],
  ['JobFailed', 'warning'],
  ['CronJobMissed', 'info'],
  ['Http5xxSpike', 'critical'],
  ['SLOBurnRateFast', 'critical'],
  ['SLOBurnRateSlow', 'warning'],
  ['NetworkPacketLoss', 'warning'],
  ['DNSFailures', 'critical'],
  ['FileDescriptorsExhausted', 'critical'],
  ['ClockSkew', 'info'],
];
const domains = [
  'checkout',
  'payments',
  'search',
  'auth',
  'cart',
  'orders',
  'inventory',
  'shipping',
  'catalog',
  'users',
  'billing',
  'notifications',
  'gateway',
  'ledger',
  'pricing',
  'recommendations',
  'reviews',
  'media',
  'analytics',
  'ads',
];
const roles = ['api', 'worker', 'db', 'cache', 'queue', 'web', 'cron', 'stream', 'proxy', 'indexer'];
const services = domains.flatMap((domain) => roles.map((role) => `${domain}-${role}`));
const regions = ['us-east-1', 'us-west-2', 'eu-west-1', 'ap-southeast-1'];
const instancesPerService = 20;

interface StormAlert {
  labels: Record<string, string>;
  annotations: Record<string, string>;
  generatorURL: string;
  fingerprint: string;
  /** Index of its alertname × service group. */
  group: number;
}

function makeAlert(combination: number): StormAlert {
  const instance = combination % instancesPerService;
  const serviceIndex = Math.floor(combination / instancesPerService) % services.length;
  const nameIndex = Math.floor(combination / (instancesPerService * services.length));
  const [alertname, severity] = alertNames[nameIndex]!;
  const service = services[serviceIndex]!;
  const region = regions[serviceIndex % regions.length]!;
  const labels = {
    alertname,
    service,
    instance: `${service}-${instance}.${region}.internal:9100`,
    severity,
    env: instance < 18 ? 'prod' : 'staging',
    region,
    job: service.split('-')[0]!,
  };
  return {
    labels,
    annotations: {
      summary: `${alertname} on ${labels.instance}`,
      description: `${alertname} has been firing for ${service} in ${region} (${labels.env}).`,
      runbook_url: `https://runbooks.example.com/${alertname.toLowerCase()}`,
    },
    generatorURL: `http://prometheus-${region}.example.com:9090/graph?g0.expr=ALERTS%7Balertname%3D%22${alertname}%22%7D`,
    fingerprint: alertFingerprint(labels),
    group: nameIndex * services.length + serviceIndex,
  };
}

/** `total` alerts: distinct ones drawn without replacement, with repeats of earlier ones mixed in. */
function makeStorm(): { alerts: StormAlert[]; distinct: number; groups: number } {
  const combinations = alertNames.length * services.length * instancesPerService;
  const order = Array.from({ length: combinations }, (_, index) => index);
  for (let index = order.length - 1; index > 0; index -= 1) {
    const other = Math.floor(next() * (index + 1));
    [order[index], order[other]] = [order[other]!, order[index]!];
  }
  const alerts: StormAlert[] = [];
  const fresh: StormAlert[] = [];
  let drawn = 0;
  while (alerts.length < total) {
    if (fresh.length > 0 && (next() < repeatShare || drawn >= combinations)) {
      alerts.push(fresh[Math.floor(next() * fresh.length)]!);
    } else {
      const alert = makeAlert(order[drawn]!);
      drawn += 1;
      fresh.push(alert);
      alerts.push(alert);
    }
  }
  return { alerts, distinct: fresh.length, groups: new Set(fresh.map((alert) => alert.group)).size };
}

function batchesOf<T>(items: readonly T[]): T[][] {
  const batches: T[][] = [];
  for (let start = 0; start < items.length; start += batchSize)
    batches.push(items.slice(start, start + batchSize));
  return batches;
}

// ---------------------------------------------------------------------------------------------------
// Figures

function percentile(values: readonly number[], fraction: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil(fraction * sorted.length) - 1)]!;
}
const integer = (value: number) => Math.round(value).toLocaleString('en-US');
const milliseconds = (value: number) => (value >= 100 ? integer(value) : value.toFixed(1));
const ratio = (value: number) => (value >= 10 ? value.toFixed(0) : value.toFixed(2));
/** User + system CPU seconds of a process so far (Linux clock ticks of 1/100 s). */
const cpuSeconds = (pid: number) => {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
};
const peakRssMb = (pid: number | 'self') => {
  const match = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return match ? Number(match[1]) / 1024 : Number.NaN;
};

interface AlertmanagerFigures {
  postMs: number;
  ingestMs: number;
  groupedMs: number;
  deliverMs: number;
  groups: number;
  notifications: number;
  groupLatencyP50: number;
  groupLatencyP99: number;
  postP50: number;
  postP99: number;
  rssMb: number;
  cpuSeconds: number;
  receiverCpuSeconds: number;
}

interface StewardFigures {
  name: string;
  totalMs: number;
  incidents: number;
  created: number;
  batchP50: number;
  batchP99: number;
}

// ---------------------------------------------------------------------------------------------------
// Alertmanager

async function runAlertmanager(
  alerts: readonly StormAlert[],
  distinct: number,
  groupCount: number,
): Promise<AlertmanagerFigures> {
  const firstPostedAt = new Map<number, number>();
  const firstNotifiedAt = new Map<string, number>();
  const delivered = new Set<string>();
  let notifications = 0;
  let allDelivered: (at: number) => void = () => {};
  const deliveredAt = new Promise<number>((resolve) => {
    allDelivered = resolve;
  });

  const cpuBefore = (process.cpuUsage().user + process.cpuUsage().system) / 1e6;
  const receiver = await startWebhookReceiver({ keepNotifications: false });
  receiver.onNotification = ({ payload, receivedAt }) => {
    notifications += 1;
    const key = `${payload.groupLabels.alertname}\u0000${payload.groupLabels.service}`;
    if (!firstNotifiedAt.has(key)) firstNotifiedAt.set(key, receivedAt);
    for (const alert of payload.alerts) delivered.add(alert.fingerprint);
    if (delivered.size === distinct) allDelivered(receivedAt);
  };
  const alertmanager = await startAlertmanager({
    webhookUrl: receiver.url,
    groupBy: ['alertname', 'service'],
    groupWaitMs,
    groupIntervalMs,
    repeatIntervalMs: 3_600_000,
    resolveTimeoutMs: 3_600_000,
  });
  try {
    // Without startsAt, Alertmanager takes the time of arrival (and keeps the earliest for a repeat), as
    // for alerts that begin firing during the storm. An alert that started group_wait or more before it
    // arrives would flush its new group at once.
    const bodies = batchesOf(alerts).map((batch) => ({
      batch,
      json: JSON.stringify(
        batch.map(
          (alert): PostableAlert => ({
            labels: alert.labels,
            annotations: alert.annotations,
            generatorURL: alert.generatorURL,
          }),
        ),
      ),
    }));
    const postLatencies: number[] = [];
    const started = performance.now();
    for (const { batch, json } of bodies) {
      const sentAt = performance.now();
      for (const alert of batch) {
        if (!firstPostedAt.has(alert.group)) firstPostedAt.set(alert.group, sentAt);
      }
      const response = await fetch(`${alertmanager.url}/api/v2/alerts`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: json,
      });
      const text = await response.text();
      if (response.status !== 200) throw new Error(`Alertmanager answered ${response.status}: ${text}`);
      postLatencies.push(performance.now() - sentAt);
    }
    const postedAt = performance.now();
    // Stored: the alerts gauge over every state (an alert is `unprocessed` until its group first flushes).
    // Grouped: the dispatcher holds an aggregation group for every alertname × service of the storm.
    let ingestedAt: number | undefined;
    let groupedAt: number | undefined;
    while (ingestedAt === undefined || groupedAt === undefined) {
      const now = performance.now();
      const metrics = await (await fetch(`${alertmanager.url}/metrics`)).text();
      const stored = [...metrics.matchAll(/^alertmanager_alerts\{state="[a-z]+"\} (\d+)/gm)].reduce(
        (sum, match) => sum + Number(match[1]),
        0,
      );
      const groups = Number(/^alertmanager_dispatcher_aggregation_groups (\d+)/m.exec(metrics)?.[1] ?? 0);
      if (ingestedAt === undefined && stored >= distinct) ingestedAt = now;
      if (groupedAt === undefined && groups >= groupCount) groupedAt = now;
      if (now - started > 600_000) throw new Error('Alertmanager did not ingest the storm within 10 min');
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    const timeout = new Promise<never>((_, reject) =>
      setTimeout(
        () => reject(new Error(`only ${delivered.size} of ${distinct} alerts were notified within 10 min`)),
        600_000,
      ).unref(),
    );
    const deliveredTime = await Promise.race([deliveredAt, timeout]);
    const latencies: number[] = [];
    for (const alert of alerts) {
      const key = `${alert.labels.alertname}\u0000${alert.labels.service}`;
      const notifiedAt = firstNotifiedAt.get(key);
      if (notifiedAt !== undefined && firstPostedAt.has(alert.group)) {
        latencies.push(notifiedAt - firstPostedAt.get(alert.group)!);
        firstPostedAt.delete(alert.group);
      }
    }
    return {
      postMs: postedAt - started,
      ingestMs: ingestedAt - started,
      groupedMs: groupedAt - started,
      deliverMs: deliveredTime - started,
      groups: firstNotifiedAt.size,
      notifications,
      groupLatencyP50: percentile(latencies, 0.5),
      groupLatencyP99: percentile(latencies, 0.99),
      postP50: percentile(postLatencies, 0.5),
      postP99: percentile(postLatencies, 0.99),
      rssMb: peakRssMb(alertmanager.pid),
      cpuSeconds: cpuSeconds(alertmanager.pid),
      receiverCpuSeconds: (process.cpuUsage().user + process.cpuUsage().system) / 1e6 - cpuBefore,
    };
  } finally {
    await alertmanager.close();
    await receiver.close();
  }
}

// ---------------------------------------------------------------------------------------------------
// Steward

const goZeroTime = '0001-01-01T00:00:00Z';
const config = incidentsSchema.parse({ group_by: ['alertname', 'service'] });

async function runSteward(
  name: string,
  store: Store,
  alerts: readonly StormAlert[],
): Promise<StewardFigures> {
  const startsAt = new Date().toISOString();
  // The bodies Alertmanager would send, built before the clock starts.
  const bodies = batchesOf(alerts).map((batch) =>
    JSON.stringify({
      version: '4',
      groupKey: '{}:{}',
      truncatedAlerts: 0,
      status: 'firing',
      receiver: 'steward',
      groupLabels: {},
      commonLabels: {},
      commonAnnotations: {},
      externalURL: 'http://alertmanager.example.com:9093',
      alerts: batch.map((alert) => ({
        status: 'firing',
        labels: alert.labels,
        annotations: alert.annotations,
        startsAt,
        endsAt: goZeroTime,
        generatorURL: alert.generatorURL,
        fingerprint: alert.fingerprint,
      })),
    }),
  );
  const latencies: number[] = [];
  let created = 0;
  const started = performance.now();
  for (const body of bodies) {
    const batchStarted = performance.now();
    const notification = parseAlertmanagerWebhook(JSON.parse(body));
    const result = await ingestAlerts(store.db, { config, alerts: notification.alerts, now: Date.now() });
    latencies.push(performance.now() - batchStarted);
    created += result.created;
  }
  const totalMs = performance.now() - started;
  const row = await store.db
    .selectFrom('incidents')
    .select((eb) => eb.fn.countAll<number | string>().as('count'))
    .executeTakeFirstOrThrow();
  return {
    name,
    totalMs,
    incidents: Number(row.count),
    created,
    batchP50: percentile(latencies, 0.5),
    batchP99: percentile(latencies, 0.99),
  };
}

// ---------------------------------------------------------------------------------------------------
// The run

if (findAlertmanagerBinary() === undefined) {
  console.error(`alert-storm: no Alertmanager binary: ${alertmanagerInstallHint}`);
  process.exit(1);
}

const stormStarted = performance.now();
const storm = makeStorm();
console.error(
  `alert-storm: ${integer(storm.alerts.length)} alerts (${integer(storm.distinct)} distinct, ${integer(storm.groups)} alertname × service groups) built in ${integer(performance.now() - stormStarted)} ms`,
);

console.error('alert-storm: Alertmanager…');
const am = await runAlertmanager(storm.alerts, storm.distinct, storm.groups);

const stewardRuns: StewardFigures[] = [];
const directory = mkdtempSync(join(tmpdir(), 'steward-bench-'));
try {
  console.error('alert-storm: Steward on SQLite…');
  const store = await openStore({ dataDir: directory });
  try {
    stewardRuns.push(await runSteward('Steward, SQLite', store, storm.alerts));
  } finally {
    await store.close();
  }
} finally {
  rmSync(directory, { recursive: true, force: true });
}

const adminUrl = process.env.STEWARD_BENCH_DATABASE_URL;
if (adminUrl !== undefined && adminUrl !== '') {
  console.error('alert-storm: Steward on PostgreSQL…');
  const name = `steward_bench_${process.pid}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`create database ${name}`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  try {
    const store = await openStore({ databaseUrl: url.toString() });
    try {
      stewardRuns.push(await runSteward('Steward, PostgreSQL', store, storm.alerts));
    } finally {
      await store.close();
    }
  } finally {
    await admin.query(`drop database ${name} with (force)`);
    await admin.end();
  }
}

const alertmanagerPerSecond = (storm.alerts.length / am.ingestMs) * 1000;
console.log(
  `${integer(storm.alerts.length)} alerts (${integer(storm.distinct)} distinct, ${Math.round(repeatShare * 100)} % repeats) over ${services.length} services, ${alertNames.length} alert names; batches of ${integer(batchSize)}; group_by [alertname, service]; Node ${process.versions.node}\n`,
);
console.log(
  `Alertmanager (group_wait ${groupWaitMs} ms, group_interval ${groupIntervalMs} ms): peak RSS ${integer(am.rssMb)} MB, CPU ${am.cpuSeconds.toFixed(1)} s (this process, posting and receiving: ${am.receiverCpuSeconds.toFixed(1)} s)\n`,
);
console.log('| measure | value |');
console.log('| --- | --- |');
console.log(`| every batch POSTed (answered 200) | ${integer(am.postMs)} ms |`);
console.log(
  `| ingested (alerts gauge counts every distinct alert) | ${integer(am.ingestMs)} ms → ${integer(alertmanagerPerSecond)} alerts/s |`,
);
console.log(`| grouped (an aggregation group for every alertname × service) | ${integer(am.groupedMs)} ms |`);
console.log(
  `| POST of one batch, p50 / p99 | ${milliseconds(am.postP50)} / ${milliseconds(am.postP99)} ms |`,
);
console.log(`| every distinct alert notified | ${integer(am.deliverMs)} ms |`);
console.log(`| groups notified / notifications | ${integer(am.groups)} / ${integer(am.notifications)} |`);
console.log(`| noise reduction (alerts ÷ groups) | ${(storm.alerts.length / am.groups).toFixed(1)} |`);
console.log(
  `| grouping latency, first alert posted → group's first notification, p50 / p99 | ${milliseconds(am.groupLatencyP50)} / ${milliseconds(am.groupLatencyP99)} ms (of which group_wait ${groupWaitMs}) |`,
);
console.log('');
console.log(
  '| Steward | total ms | alerts/s | incidents | alerts ÷ incidents | batch p50 ms | batch p99 ms | alerts/s ÷ AM | batch p50 ÷ AM group p50 | batch p99 ÷ AM group p99 |',
);
console.log('| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |');
for (const run of stewardRuns) {
  const perSecond = (storm.alerts.length / run.totalMs) * 1000;
  console.log(
    `| ${run.name} | ${integer(run.totalMs)} | ${integer(perSecond)} | ${integer(run.incidents)} | ${(storm.alerts.length / run.incidents).toFixed(1)} | ${milliseconds(run.batchP50)} | ${milliseconds(run.batchP99)} | ${ratio(perSecond / alertmanagerPerSecond)} | ${ratio(run.batchP50 / am.groupLatencyP50)} | ${ratio(run.batchP99 / am.groupLatencyP99)} |`,
  );
  if (run.incidents !== am.groups) {
    console.log(
      `\n(${run.name}: ${run.incidents} incidents where Alertmanager notified ${am.groups} groups)`,
    );
  }
}
console.log(`\nSteward peak RSS (this process, all runs) ${integer(peakRssMb('self'))} MB`);
