// How fast `steward serve` acknowledges GitHub webhooks: each delivery is a real signed pull_request
// payload (a new head each time, so every one stores a delivery row and a job), sent by autocannon over
// loopback to the app of `steward serve` (signature check in constant time, JSON parse, zod validation,
// one transaction: delivery row + job). The baseline, measured in the same run, is the same framework
// answering 202 after reading the body: what HTTP alone costs. Embedded SQLite always; PostgreSQL when
// STEWARD_BENCH_DATABASE_URL names a server whose user may create databases.
//
// autocannon records latency in whole milliseconds: with one connection, 1000 / deliveries/s is the
// finer figure.
//
//   node bench/webhook-ack.ts [seconds per run] [connections]
import { createHmac, randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { serve } from '@hono/node-server';
import autocannon from 'autocannon';
import { Hono } from 'hono';
import pg from 'pg';
import { createLogger } from '../src/logging/index.ts';
import { createApp } from '../src/server/index.ts';
import { openStore, type Store } from '../src/store/index.ts';
import { configFrom } from '../test/support/budget-fixtures.ts';
import { pullRequestPayload } from '../test/support/webhooks.ts';

const seconds = Number(process.argv[2] ?? 10);
const connections = Number(process.argv[3] ?? 32);
const secret = 'bench-secret';
const template = pullRequestPayload('synchronize', {
  repo: 'acme/api',
  pr: 1,
  head: '0'.repeat(40),
  installationId: 1,
});
const bodyBytes = Buffer.byteLength(JSON.stringify(template));

interface Figures {
  p50: number;
  p99: number;
  perSecond: number;
  non2xx: number;
}

async function listen(app: Hono): Promise<{ url: string; close(): Promise<void> }> {
  const server = serve({ fetch: app.fetch, hostname: '127.0.0.1', port: 0 });
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/webhooks/github`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

async function load(url: string): Promise<Figures> {
  let counter = 0;
  const result = await autocannon({
    url,
    connections,
    duration: seconds,
    requests: [
      {
        method: 'POST',
        setupRequest: (request) => {
          counter += 1;
          template.pull_request.head.sha = counter.toString(16).padStart(40, '0');
          const body = JSON.stringify(template);
          return {
            ...request,
            body,
            headers: {
              'content-type': 'application/json',
              'x-github-event': 'pull_request',
              'x-github-delivery': randomUUID(),
              'x-hub-signature-256': `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`,
            },
          };
        },
      },
    ],
  });
  return {
    p50: result.latency.p50,
    p99: result.latency.p99,
    perSecond: result.requests.average,
    non2xx: result.non2xx + result.errors,
  };
}

function baselineApp(): Hono {
  const app = new Hono();
  app.post('/webhooks/github', async (context) => {
    await context.req.text();
    return context.json({ status: 'queued' }, 202);
  });
  return app;
}

async function stewardRun(store: Store): Promise<Figures & { jobs: number }> {
  const app = createApp({
    db: store.db,
    dialect: store.dialect,
    config: configFrom(''),
    webhookSecret: secret,
    apiToken: undefined,
    postQueueItem: async () => {},
    logger: createLogger({ format: 'json', level: 'silent' }),
    now: Date.now,
  });
  const server = await listen(app);
  try {
    const figures = await load(server.url);
    const row = await store.db
      .selectFrom('jobs')
      .select((eb) => eb.fn.countAll<number>().as('count'))
      .executeTakeFirstOrThrow();
    return { ...figures, jobs: Number(row.count) };
  } finally {
    await server.close();
  }
}

const rows: string[] = [];
function report(name: string, figures: Figures, baseline: Figures, jobs?: number): void {
  rows.push(
    `| ${name} | ${figures.p50.toFixed(1)} | ${figures.p99.toFixed(1)} | ${Math.round(figures.perSecond).toLocaleString('en-US')} | ${(baseline.perSecond / figures.perSecond).toFixed(1)}× | ${figures.non2xx} | ${jobs === undefined ? '–' : jobs.toLocaleString('en-US')} |`,
  );
}

const baselineServer = await listen(baselineApp());
const baseline = await load(baselineServer.url);
await baselineServer.close();
report('baseline: read body, answer 202', baseline, baseline);

const directory = mkdtempSync(join(tmpdir(), 'steward-bench-'));
try {
  const sqlite = await openStore({ dataDir: directory });
  try {
    const figures = await stewardRun(sqlite);
    report('Steward, SQLite', figures, baseline, figures.jobs);
  } finally {
    await sqlite.close();
  }
} finally {
  rmSync(directory, { recursive: true, force: true });
}

const adminUrl = process.env.STEWARD_BENCH_DATABASE_URL;
if (adminUrl !== undefined && adminUrl !== '') {
  const name = `steward_bench_${process.pid}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`create database ${name}`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  try {
    const store = await openStore({ databaseUrl: url.toString() });
    try {
      const figures = await stewardRun(store);
      report('Steward, PostgreSQL', figures, baseline, figures.jobs);
    } finally {
      await store.close();
    }
  } finally {
    await admin.query(`drop database ${name}`);
    await admin.end();
  }
}

console.log(
  `${connections} connections, ${seconds} s per run, ${bodyBytes.toLocaleString('en-US')}-byte signed pull_request payloads, Node ${process.versions.node}\n`,
);
console.log('| server | p50 ms | p99 ms | deliveries/s | × slower than baseline | errors | jobs stored |');
console.log('| --- | --- | --- | --- | --- | --- | --- |');
for (const row of rows) console.log(row);
