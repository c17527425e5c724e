// Similar-incident search over a large history: 100,000 synthetic past incidents (30 failure templates
// over 200 services, each with several wordings) imported into a SQLite store, the index loaded from it
// (time and RSS), then sequential searches with paraphrased queries: p50 and p99 latency, against a
// baseline measured in the same run (a linear scan counting shared terms with each incident, over the
// same incidents, for a sample of the queries). Also prints how often the top 5 holds an incident of the
// query's own failure and service, for both.
//
//   node --expose-gc bench/incident-search.ts [incidents] [searches]
//
// STEWARD_BENCH_TUNING='{"postingBudget":5000}' overrides the index's tuning (SimilarityTuning).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  createSimilarityIndex,
  importHistory,
  type PastIncidentInput,
  type SimilarityQuery,
  type SimilarityTuning,
} from '../src/incidents/history/index.ts';
import { labelTerms, serviceTerms, textTerms } from '../src/incidents/history/search-terms.ts';
import { openStore } from '../src/store/index.ts';

const incidentCount = Number(process.argv[2] ?? 100_000);
const searchCount = Number(process.argv[3] ?? 2_000);
const baselineCount = Math.min(200, searchCount);

/** mulberry32: the same incidents and queries on every run. */
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
const next = random(20_240_601);
const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)]!;
const between = (low: number, high: number) => low + Math.floor(next() * (high - low + 1));

type Kind = 'api' | 'db' | 'cache' | 'queue' | 'worker';
const domains = (
  'orders payments users catalog search cart checkout inventory shipping billing auth profile reviews pricing ' +
  'promotions notifications email sms push media images video recommendations analytics reporting ledger fraud ' +
  'identity sessions feeds messaging chat maps geo tracking support tickets partners webhooks gateway'
).split(' ');
const kinds: Kind[] = ['api', 'db', 'cache', 'queue', 'worker'];
const services = domains.flatMap((domain) =>
  kinds.map((kind) => ({ name: `${domain}-${kind}`, domain, kind })),
);
const regions = ['eu-west-1', 'eu-central-1', 'us-east-1', 'us-west-2', 'ap-southeast-1', 'sa-east-1'];

interface Template {
  kind: Kind;
  alerts: string[];
  titles: string[];
  summaries: string[];
  causes: string[];
  actions: [text: string, kind: PastIncidentInput['actions'][number]['kind']][];
  /** Wordings of a new incident of this failure, unlike the titles above. */
  queries: string[];
}

const templates: Template[] = [
  {
    kind: 'db',
    alerts: ['NodeFilesystemAlmostOutOfSpace', 'PostgresqlDiskSpaceLow'],
    titles: ['{svc} primary out of disk space, writes rejected', 'Disk full on {svc}, inserts failing'],
    summaries: [
      'The data volume of {svc} reached {n}% and {dom} writes failed with no space left on device.',
    ],
    causes: ['WAL piled up for an abandoned replication slot.', 'A bulk load filled the volume.'],
    actions: [
      ['Dropped the stale replication slot', 'config_change'],
      ['Expanded the data volume', 'infra_change'],
    ],
    queries: ['{dom} Postgres volume almost full', 'no space left on the {svc} data disk'],
  },
  {
    kind: 'db',
    alerts: ['PostgresqlReplicationLag'],
    titles: ['Replication lag on {svc} replica', '{svc} read replica minutes behind primary'],
    summaries: ['The {svc} standby fell {n} minutes behind; {dom} pages showed stale data.'],
    causes: ['A backfill rewrote a large table in one transaction.', 'Replica volume IO saturated.'],
    actions: [
      ['Paused the backfill job', 'other'],
      ['Routed reads to the primary', 'config_change'],
    ],
    queries: ['{dom} standby falling behind the primary', 'stale reads from the {svc} replica'],
  },
  {
    kind: 'db',
    alerts: ['PostgresqlTooManyConnections'],
    titles: ['{svc} refusing connections: too many clients', 'Connection limit reached on {svc}'],
    summaries: ['{svc} hit max_connections; {dep} failed to open connections.'],
    causes: ['A release raised the pool size per pod.', 'pgbouncer pool_mode drifted to session.'],
    actions: [
      ['Rolled back {dep}', 'rollback'],
      ['Restarted pgbouncer', 'restart'],
    ],
    queries: ['{dep} cannot get database connections', 'max_connections exhausted on {dom} Postgres'],
  },
  {
    kind: 'db',
    alerts: ['PostgresqlLockWaitHigh'],
    titles: ['Writes on {svc} blocked by a migration lock', 'Long lock wait on {svc} during deploy'],
    summaries: ['INSERTs waited {n} minutes on a table lock taken by a schema migration.'],
    causes: ['ALTER TABLE without lock_timeout took an exclusive lock.'],
    actions: [
      ['Cancelled the migration query', 'other'],
      ['Rolled back {dep}', 'rollback'],
    ],
    queries: ['{dom} inserts hanging while the release migration runs', 'table lock held on {svc}'],
  },
  {
    kind: 'db',
    alerts: ['PostgresqlDown'],
    titles: ['{svc} primary down after host failure', '{svc} unreachable, failover needed'],
    summaries: ['The {svc} primary stopped answering and {dom} requests failed.'],
    causes: ['Hardware fault on the host; automatic failover was disabled.'],
    actions: [
      ['Promoted the replica to primary', 'failover'],
      ['Posted a status page update', 'communicate'],
    ],
    queries: ['{dom} database primary not responding', 'promote the {svc} standby'],
  },
  {
    kind: 'db',
    alerts: ['PostgresqlSlowQueries', 'PostgresqlHighCpu'],
    titles: ['Slow queries on {svc}', '{svc} CPU saturated by a reporting query'],
    summaries: ['Queries on {svc} took {n} times longer; {dep} timed out.'],
    causes: ['Table bloat with autovacuum behind.', 'A dashboard query without an index.'],
    actions: [
      ['Ran VACUUM ANALYZE', 'other'],
      ['Disabled the dashboard refresh', 'config_change'],
    ],
    queries: ['{dom} Postgres queries very slow', 'high CPU on the {dom} database'],
  },
  {
    kind: 'cache',
    alerts: ['RedisEvictedKeysHigh', 'RedisMemoryHigh'],
    titles: ['{svc} evicting keys at maxmemory', 'Memory full on {svc}, evictions'],
    summaries: ['{svc} reached maxmemory and evicted keys; {dom} users saw misses and logouts.'],
    causes: ['Keys written without TTL filled memory.', 'Traffic growth outpaced maxmemory.'],
    actions: [
      ['Raised maxmemory', 'config_change'],
      ['Flushed the cache', 'flush_cache'],
    ],
    queries: ['{dom} Redis out of memory and dropping entries', 'evictions on the {dom} cache'],
  },
  {
    kind: 'cache',
    alerts: ['RedisDown'],
    titles: ['{dep} errors after {svc} sentinel failover', '{svc} primary failed over'],
    summaries: ['Sentinel promoted a replica of {svc}; {dep} kept writing to the old master.'],
    causes: ['The client resolved the master once at startup.'],
    actions: [
      ['Restarted {dep} pods', 'restart'],
      ['Raised the {svc} memory limit', 'config_change'],
    ],
    queries: [
      'READONLY errors from {dom} Redis after master switch',
      '{dom} cache master changed, clients stuck',
    ],
  },
  {
    kind: 'cache',
    alerts: ['RedisCpuHigh'],
    titles: ['Hot key saturating a {svc} shard', 'One {svc} shard at 100% CPU'],
    summaries: ['A single key got {n}k reads per second on one shard of {svc}.'],
    causes: ['A very popular entity key landed on one shard.'],
    actions: [
      ['Added an in-process cache in {dep}', 'deploy'],
      ['Scaled the cluster', 'scale'],
    ],
    queries: ['{dom} Redis shard pegged by a popular key', 'CPU maxed on one {dom} cache node'],
  },
  {
    kind: 'cache',
    alerts: ['RedisRejectedConnections'],
    titles: ['{svc} rejecting connections at maxclients', 'Connection leak exhausts {svc}'],
    summaries: ['{svc} refused new clients; {dep} leaked connections after an upgrade.'],
    causes: ['A plugin upgrade leaked connections on reload.'],
    actions: [
      ['Restarted {dep}', 'restart'],
      ['Rolled back the plugin', 'rollback'],
    ],
    queries: ['{dom} Redis at its client limit', 'new connections refused by the {dom} cache'],
  },
  {
    kind: 'queue',
    alerts: ['KafkaConsumerGroupLag'],
    titles: ['Consumer lag on {svc}', '{dep} falling behind on {svc} topic'],
    summaries: ['Lag reached {n}00k messages; {dom} events were processed hours late.'],
    causes: ['A slow synchronous call per message.', 'Too few partitions for the load.'],
    actions: [
      ['Scaled consumers', 'scale'],
      ['Increased partitions', 'infra_change'],
    ],
    queries: ['{dom} events delayed, consumer group behind', 'backlog growing on the {dom} topic'],
  },
  {
    kind: 'queue',
    alerts: ['KafkaConsumerGroupLag'],
    titles: ['{dep} consumers stuck rebalancing after deploy', 'Rebalance loop on {svc}'],
    summaries: ['The group rebalanced every {n} seconds after a release and made no progress.'],
    causes: ['Handling became slower than max.poll.interval.ms.'],
    actions: [
      ['Restarted {dep}', 'restart'],
      ['Rolled back {dep}', 'rollback'],
    ],
    queries: [
      '{dom} consumers keep getting kicked out of the group',
      'no progress on {svc} since the release',
    ],
  },
  {
    kind: 'queue',
    alerts: ['NodeFilesystemAlmostOutOfSpace', 'KafkaBrokerDiskUsageHigh'],
    titles: ['Broker disk full on {svc}', '{svc} broker out of disk, producers failing'],
    summaries: ['A broker of {svc} filled its data disk at {n}%; producers got NotEnoughReplicas.'],
    causes: ['A topic was created with infinite retention.'],
    actions: [
      ['Set a retention limit on the topic', 'config_change'],
      ['Grew the broker volumes', 'infra_change'],
    ],
    queries: ['{dom} Kafka broker disk almost full', 'producers to {svc} failing, storage exhausted'],
  },
  {
    kind: 'queue',
    alerts: ['RabbitmqTooManyMessagesInQueue', 'QueueBacklogGrowing'],
    titles: ['{svc} backlog growing', 'Messages piling up in {svc}'],
    summaries: ['{svc} held {n}0k messages; {dom} notifications were delayed.'],
    causes: ['The downstream provider rate-limited us.', 'Workers crashed on a poison message.'],
    actions: [
      ['Scaled workers', 'scale'],
      ['Switched to the secondary provider', 'config_change'],
    ],
    queries: ['{dom} queue not draining', 'delayed {dom} messages, queue depth rising'],
  },
  {
    kind: 'api',
    alerts: ['HighLatency'],
    titles: ['{svc} p99 latency spike after release', '{svc} slow after deploy (N+1 queries)'],
    summaries: ['p99 of {svc} went from 200 ms to {n} s right after a release.'],
    causes: ['The release introduced an N+1 query.', 'A new code path called {dep} per item.'],
    actions: [
      ['Rolled back {svc}', 'rollback'],
      ['Scaled {svc}', 'scale'],
    ],
    queries: ['{dom} API slow since the rollout', 'latency regression on {dom} endpoints after deploy'],
  },
  {
    kind: 'api',
    alerts: ['HighErrorRate'],
    titles: ['{svc} 5xx after deploy', '{svc} returning 500 after release'],
    summaries: ['{n}% of {svc} requests failed with 500 after a release.'],
    causes: ['A secret was not mounted on new pods.', 'A null pointer in a new code path.'],
    actions: [['Rolled back {svc}', 'rollback']],
    queries: ['{dom} API errors right after the new version', 'server errors from {dom} since deploying'],
  },
  {
    kind: 'api',
    alerts: ['KubePodCrashLooping'],
    titles: ['{svc} pods OOMKilled under load', '{svc} crashlooping out of memory'],
    summaries: ['{svc} pods were OOMKilled every few minutes at peak.'],
    causes: ['A cache without eviction leaked memory.'],
    actions: [
      ['Raised the memory limit', 'config_change'],
      ['Rolled back {svc}', 'rollback'],
    ],
    queries: ['{dom} containers killed for memory', '{dom} service restarting, out of memory'],
  },
  {
    kind: 'api',
    alerts: ['CPUThrottlingHigh'],
    titles: ['CPU throttling on {svc} pods', '{svc} latency from CPU limits'],
    summaries: ['{svc} pods were throttled {n}% of the time at peak.'],
    causes: ['CPU limits left low after TLS moved into the pods.'],
    actions: [
      ['Raised CPU limits', 'config_change'],
      ['Scaled {svc}', 'scale'],
    ],
    queries: ['{dom} pods throttled on CPU', 'CPU limits too low for {dom} API'],
  },
  {
    kind: 'api',
    alerts: ['HighErrorRate'],
    titles: ['{svc} 503, workers waiting on {dep}', 'Thread pool exhaustion in {svc}'],
    summaries: ['{svc} answered 503; all workers waited on slow calls to {dep}.'],
    causes: ['No upstream timeout for {dep}.'],
    actions: [
      ['Set an upstream timeout', 'config_change'],
      ['Scaled {svc}', 'scale'],
    ],
    queries: ['{dom} API unavailable, threads all busy', '503 from {dom} while {dep} is slow'],
  },
  {
    kind: 'api',
    alerts: ['ProbeSSLCertExpired', 'SSLCertExpiringSoon'],
    titles: ['TLS certificate expired on {dom}.example.com', 'Certificate renewal failing for {svc}'],
    summaries: ['Clients refused to connect to {dom}.example.com: the certificate expired.'],
    causes: ['cert-manager renewals failed after credentials rotated.'],
    actions: [
      ['Issued a certificate by hand', 'infra_change'],
      ['Fixed the cert-manager secret', 'config_change'],
    ],
    queries: ['{dom} HTTPS cert has expired', 'expired certificate on the {dom} domain'],
  },
  {
    kind: 'api',
    alerts: ['LoginFailureRateHigh'],
    titles: ['Login failures on {svc} after key rotation', '{svc} rejecting tokens, 401'],
    summaries: ['{n}% of calls failed with invalid signature after the signing key rotated.'],
    causes: ['The JWKS was published after the new key was used.'],
    actions: [
      ['Rolled back the key rotation', 'rollback'],
      ['Restarted the gateway', 'restart'],
    ],
    queries: ['{dom} users cannot sign in after key rollover', 'bad signature errors from {dom}'],
  },
  {
    kind: 'api',
    alerts: ['HighErrorRate'],
    titles: ['Feature flag rolled {dom} change to everyone', 'Flag misconfiguration breaks {svc}'],
    summaries: ['A flag change exposed an unfinished {dom} flow to {n}0% of users.'],
    causes: ['The rollout percentage was mistyped.'],
    actions: [['Turned off the flag', 'config_change']],
    queries: ['{dom} new flow enabled for all users by mistake', 'errors after someone flipped a {dom} flag'],
  },
  {
    kind: 'worker',
    alerts: ['KubeJobFailed'],
    titles: ['Nightly {svc} job failed', '{svc} batch run did not finish'],
    summaries: ['The {dom} batch failed after {n} hours; nothing was produced.'],
    causes: ['A dropped index made the main query scan the table.'],
    actions: [
      ['Re-ran the job', 'other'],
      ['Recreated the index', 'deploy'],
    ],
    queries: ['{dom} overnight batch failed', 'the {dom} job did not complete last night'],
  },
  {
    kind: 'worker',
    alerts: ['KubePodCrashLooping'],
    titles: ['{svc} crashlooping on a poison message', '{svc} stuck retrying one bad record'],
    summaries: ['{svc} restarted constantly on one malformed {dom} record and processed nothing.'],
    causes: ['A malformed record crashed the worker and was retried forever.'],
    actions: [
      ['Restarted {svc}', 'restart'],
      ['Skipped the bad message', 'other'],
    ],
    queries: ['{dom} worker restarting, one message keeps failing', 'nothing processed by {dom} worker'],
  },
  {
    kind: 'worker',
    alerts: ['KubeNodeMemoryPressure', 'ContainerMemoryHigh'],
    titles: ['{svc} memory leak after upgrade', 'Memory pressure from {svc}'],
    summaries: ['{svc} grew to {n} GB per pod; nodes evicted other pods.'],
    causes: ['A leak in the new client library.'],
    actions: [
      ['Restarted {svc}', 'restart'],
      ['Rolled back {svc}', 'rollback'],
    ],
    queries: ['{dom} worker using more and more RAM', 'evictions caused by {dom} worker memory'],
  },
  {
    kind: 'worker',
    alerts: ['S3ThrottlingErrors'],
    titles: ['{svc} uploads failing with S3 SlowDown', 'S3 throttling for {svc}'],
    summaries: ['{n}% of {dom} uploads failed with 503 SlowDown.'],
    causes: ['All objects were written under one prefix.'],
    actions: [
      ['Added retries with backoff', 'deploy'],
      ['Hashed the key prefix', 'deploy'],
    ],
    queries: ['{dom} uploads rejected by S3', 'SlowDown errors writing {dom} objects'],
  },
  {
    kind: 'api',
    alerts: ['CoreDNSErrorsHigh'],
    titles: ['DNS timeouts from {svc}', '{svc} lookups failing intermittently'],
    summaries: ['{svc} saw i/o timeouts resolving {dep}; {n}% of calls failed.'],
    causes: ['The conntrack table was full on busy nodes.'],
    actions: [
      ['Scaled CoreDNS', 'scale'],
      ['Deployed NodeLocal DNSCache', 'infra_change'],
    ],
    queries: ['{dom} name resolution timing out', 'cannot resolve {dep} from {dom}'],
  },
  {
    kind: 'api',
    alerts: ['Http429RateHigh'],
    titles: ['{svc} rate limit too strict', 'Clients of {svc} rejected with 429'],
    summaries: ['{n}% of {dom} requests got 429 after a policy change.'],
    causes: ['Limits were counted per NAT address.'],
    actions: [['Reverted the rate limit policy', 'config_change']],
    queries: ['{dom} clients getting too many requests errors', 'throttled by the {dom} gateway'],
  },
  {
    kind: 'cache',
    alerts: ['HighLatency'],
    titles: ['Cache stampede after {svc} flush', '{dep} slow after {svc} was cleared'],
    summaries: ['Every request missed {svc} and went to the database; p99 reached {n} s.'],
    causes: ['A manual FLUSHALL at peak without request coalescing.'],
    actions: [
      ['Enabled request coalescing', 'config_change'],
      ['Scaled {dep}', 'scale'],
    ],
    queries: ['{dom} slow since someone cleared Redis', 'cold {dom} cache hammering the database'],
  },
  {
    kind: 'queue',
    alerts: ['RabbitmqMemoryHigh'],
    titles: ['{svc} memory alarm blocks publishers', 'Publishers blocked on {svc}'],
    summaries: ['{svc} hit its memory watermark with {n}M unacked messages.'],
    causes: ['A consumer hung and never acknowledged.'],
    actions: [['Restarted the stuck consumer', 'restart']],
    queries: ['{dom} RabbitMQ refusing publishes', 'memory watermark on the {dom} broker'],
  },
];

const outcomes = ['resolved', 'improved', 'no_effect', 'worse'] as const;

function fill(text: string, values: Record<string, string>): string {
  return text.replace(/\{(\w+)\}/g, (_, key: string) => values[key] ?? '');
}

function serviceOfKind(kind: Kind) {
  return pick(services.filter((service) => service.kind === kind));
}

function incident(index: number): PastIncidentInput & { template: number } {
  const template = between(0, templates.length - 1);
  const shape = templates[template]!;
  const service = serviceOfKind(shape.kind);
  const dependent = `${service.domain}-${pick(kinds.filter((kind) => kind !== service.kind))}`;
  const values = { svc: service.name, dom: service.domain, dep: dependent, n: String(between(2, 99)) };
  const minutes = between(5, 240);
  const actions = shape.actions
    .slice(0, between(1, shape.actions.length))
    .map(([text, kind], position, all) => ({
      action: fill(text, values),
      kind,
      target: position === 0 ? service.name : dependent,
      outcome: position === all.length - 1 && next() < 0.7 ? ('resolved' as const) : pick(outcomes),
      minutes: Math.min(minutes, between(2, 60) * (position + 1)),
    }));
  return {
    template,
    id: `SYN-${String(index).padStart(6, '0')}`,
    title: fill(pick(shape.titles), values),
    services: [service.name, dependent],
    labels: {
      alertname: pick(shape.alerts),
      service: service.name,
      severity: pick(['critical', 'warning', 'info']),
      env: next() < 0.85 ? 'prod' : 'staging',
      region: pick(regions),
      instance: `${service.name}-${between(0, 20)}`,
    },
    summary: fill(pick(shape.summaries), values),
    root_cause: fill(pick(shape.causes), values),
    actions,
    resolved: next() < 0.95,
    minutes_to_resolve: minutes,
    occurred_at: new Date(Date.UTC(2021, 0, 1) + between(0, 1_600) * 86_400_000).toISOString(),
  };
}

function query(): { query: SimilarityQuery; template: number; service: string } {
  const template = between(0, templates.length - 1);
  const shape = templates[template]!;
  const service = serviceOfKind(shape.kind);
  const dependent = `${service.domain}-${pick(kinds.filter((kind) => kind !== service.kind))}`;
  const values = { svc: service.name, dom: service.domain, dep: dependent, n: String(between(2, 99)) };
  const [title, summary] = next() < 0.5 ? shape.queries : [...shape.queries].reverse();
  const labelled = next() < 0.7;
  return {
    template,
    service: service.name,
    query: {
      title: fill(title!, values),
      summary: fill(summary!, values),
      ...(labelled
        ? {
            labels: {
              alertname: pick(shape.alerts),
              service: service.name,
              env: 'prod',
              region: pick(regions),
            },
            services: [service.name],
          }
        : {}),
    },
  };
}

function percentile(sorted: readonly number[], fraction: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(fraction * sorted.length))]!;
}

const mb = (bytes: number) => (bytes / 1024 / 1024).toFixed(0);
const gc = (globalThis as { gc?: () => void }).gc;

const started = performance.now();
const incidents = Array.from({ length: incidentCount }, (_, index) => incident(index));
const truth = new Map(
  incidents.map((item) => [item.id!, { template: item.template, service: item.services[0]! }]),
);
const generated = performance.now();
console.log(
  `${incidentCount.toLocaleString('en')} past incidents from ${templates.length} templates over ${services.length} services (generated in ${((generated - started) / 1000).toFixed(1)} s)`,
);

const dataDir = mkdtempSync(join(tmpdir(), 'steward-bench-'));
const store = await openStore({ dataDir });
const importStarted = performance.now();
const imported = await importHistory(
  store.db,
  incidents.map(({ template: _, ...rest }) => rest),
  Date.now(),
);
const importSeconds = (performance.now() - importStarted) / 1000;
console.log(
  `import into SQLite: ${imported.imported.toLocaleString('en')} rows in ${importSeconds.toFixed(1)} s (${Math.round(imported.imported / importSeconds).toLocaleString('en')} rows/s, validated, one transaction)`,
);

gc?.();
const rssBefore = process.memoryUsage().rss;
const heapBefore = process.memoryUsage().heapUsed;
const loadStarted = performance.now();
const tuning = JSON.parse(process.env.STEWARD_BENCH_TUNING ?? '{}') as Partial<SimilarityTuning>;
const index = createSimilarityIndex(store.db, tuning);
const size = await index.size();
const loadSeconds = (performance.now() - loadStarted) / 1000;
gc?.();
const rssAfter = process.memoryUsage().rss;
const heapAfter = process.memoryUsage().heapUsed;
console.log(
  `index: ${size.toLocaleString('en')} incidents loaded from the store and indexed in ${loadSeconds.toFixed(1)} s; RSS +${mb(rssAfter - rssBefore)} MB (now ${mb(rssAfter)} MB), heap +${mb(heapAfter - heapBefore)} MB${gc === undefined ? ' (run with --expose-gc for steadier memory figures)' : ''}`,
);

const queries = Array.from({ length: searchCount }, () => query());
const relevantInTop5 = (ids: readonly string[], item: (typeof queries)[number]) =>
  ids.some((id) => {
    const known = truth.get(id);
    return known?.template === item.template && known.service === item.service;
  });

for (const item of queries.slice(0, 50)) await index.search(item.query, 5);
const samples: number[] = [];
let indexHits = 0;
for (const item of queries) {
  const begin = process.hrtime.bigint();
  const results = await index.search(item.query, 5);
  samples.push(Number(process.hrtime.bigint() - begin) / 1e6);
  if (
    relevantInTop5(
      results.map((result) => result.id),
      item,
    )
  )
    indexHits++;
}
samples.sort((a, b) => a - b);

// Baseline: every incident's terms as a set (built once, not timed), then per query a scan of all of
// them counting shared terms, keeping the top 5.
const termSets = incidents.map((item) => ({
  id: item.id!,
  terms: new Set([
    ...textTerms(`${item.title} ${item.summary} ${item.root_cause}`),
    ...labelTerms(item.labels),
    ...serviceTerms(item.services),
  ]),
}));
const baselineSamples: number[] = [];
let baselineHits = 0;
for (const item of queries.slice(0, baselineCount)) {
  const begin = process.hrtime.bigint();
  const terms = new Set([
    ...textTerms(`${item.query.title} ${item.query.summary ?? ''}`),
    ...labelTerms(item.query.labels ?? {}),
    ...serviceTerms(item.query.services ?? []),
  ]);
  const top: { id: string; overlap: number }[] = [];
  for (const candidate of termSets) {
    let overlap = 0;
    for (const term of terms) if (candidate.terms.has(term)) overlap++;
    if (overlap === 0 || (top.length === 5 && overlap <= top[4]!.overlap)) continue;
    top.push({ id: candidate.id, overlap });
    top.sort((a, b) => b.overlap - a.overlap);
    if (top.length > 5) top.pop();
  }
  baselineSamples.push(Number(process.hrtime.bigint() - begin) / 1e6);
  if (
    relevantInTop5(
      top.map((entry) => entry.id),
      item,
    )
  )
    baselineHits++;
}
baselineSamples.sort((a, b) => a - b);

const indexP50 = percentile(samples, 0.5);
const baselineP50 = percentile(baselineSamples, 0.5);
console.log(
  `search (MiniSearch index): ${searchCount.toLocaleString('en')} queries, p50 ${indexP50.toFixed(2)} ms, p99 ${percentile(samples, 0.99).toFixed(2)} ms, max ${samples.at(-1)!.toFixed(1)} ms; top 5 holds the same failure on the same service for ${((100 * indexHits) / searchCount).toFixed(1)}%`,
);
console.log(
  `baseline (linear scan, shared terms): ${baselineCount} queries, p50 ${baselineP50.toFixed(2)} ms, p99 ${percentile(baselineSamples, 0.99).toFixed(2)} ms; top 5 holds it for ${((100 * baselineHits) / baselineCount).toFixed(1)}%`,
);
console.log(
  `the index answers in ${(indexP50 / baselineP50).toFixed(3)}× the baseline's median time (${(baselineP50 / indexP50).toFixed(1)}× faster)`,
);

await store.close();
rmSync(dataDir, { recursive: true, force: true });
