import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { createHealthCheck } from '../../../src/approvals/execute/index.ts';
import { type LocalServer, reply, startLocalServer } from './local-server.ts';

describe('health check', () => {
  let server: LocalServer;
  /** Probes of each target so far. */
  const probes = new Map<string, number>();
  let pauses: number[] = [];
  const sleep = async (ms: number) => {
    pauses.push(ms);
  };
  const signal = () => new AbortController().signal;

  before(async () => {
    server = await startLocalServer((request, response) => {
      const url = new URL(request.path, 'http://localhost');
      const target = decodeURIComponent(url.pathname.replace(/^\/health\//, ''));
      const count = (probes.get(target) ?? 0) + 1;
      probes.set(target, count);
      if (target === 'api/api-1' || target === 'db') return reply(response, 200, 'ok');
      if (target === 'api/api-2') return reply(response, count < 3 ? 503 : 204);
      if (target === 'web/web-1') return reply(response, 500, 'unhealthy');
      if (target === 'redirected') {
        response.writeHead(302, { location: '/health/db' });
        return response.end();
      }
      // slow: never answers.
    });
  });
  after(() => server.close());
  beforeEach(() => {
    probes.clear();
    pauses = [];
  });

  const config = (attempts = 3) => ({
    url: `${server.url}/health/{target}?service={service}&request={request}`,
    timeout_seconds: 1,
    attempts,
    interval_seconds: 5,
  });

  it('is healthy without a url', async () => {
    const check = createHealthCheck({ timeout_seconds: 10, attempts: 3, interval_seconds: 5 });
    assert.deepEqual(await check({ requestId: 'req_1', targets: ['api/api-1'], signal: signal() }), {
      healthy: true,
      detail: 'no health check configured',
    });
  });

  it('probes each target with {target}, {service} and {request} filled in, after a pause', async () => {
    const check = createHealthCheck(config(), { sleep });
    const result = await check({ requestId: 'req 1', targets: ['api/api-1', 'db'], signal: signal() });
    assert.deepEqual(result, {
      healthy: true,
      detail: 'api/api-1 healthy after 1 probe; db healthy after 1 probe',
    });
    assert.deepEqual(pauses, [5_000, 5_000]);
    const paths = server.requests
      .slice(-2)
      .map((request) => request.path)
      .sort();
    assert.deepEqual(paths, [
      '/health/api%2Fapi-1?service=api&request=req%201',
      '/health/db?service=db&request=req%201',
    ]);
  });

  it('probes again until a 2xx, up to attempts', async () => {
    const check = createHealthCheck(config(3), { sleep });
    const result = await check({ requestId: 'req_1', targets: ['api/api-2'], signal: signal() });
    assert.deepEqual(result, { healthy: true, detail: 'api/api-2 healthy after 3 probes' });
    assert.deepEqual(pauses, [5_000, 5_000, 5_000]);
  });

  it('is unhealthy after attempts probes without a 2xx', async () => {
    const check = createHealthCheck(config(2), { sleep });
    const result = await check({ requestId: 'req_1', targets: ['api/api-2'], signal: signal() });
    assert.deepEqual(result, { healthy: false, detail: 'api/api-2 unhealthy after 2 probes: answered 503' });
    assert.equal(probes.get('api/api-2'), 2);
  });

  it('is unhealthy when any one target is, and names that target', async () => {
    const check = createHealthCheck(config(4), { sleep });
    const result = await check({
      requestId: 'req_1',
      targets: ['api/api-1', 'web/web-1', 'db'],
      signal: signal(),
    });
    assert.deepEqual(result, { healthy: false, detail: 'web/web-1 unhealthy after 4 probes: answered 500' });
    assert.equal(probes.get('api/api-1'), 1);
    assert.equal(probes.get('web/web-1'), 4);
  });

  it('counts a probe without an answer within timeout_seconds as failed', async () => {
    const check = createHealthCheck(config(2), { sleep });
    const started = Date.now();
    const result = await check({ requestId: 'req_1', targets: ['slow'], signal: signal() });
    assert.deepEqual(result, {
      healthy: false,
      detail: 'slow unhealthy after 2 probes: no answer within 1 s',
    });
    assert.ok(Date.now() - started < 4_000);
  });

  it('says why a target could not be reached', async () => {
    const closed = await startLocalServer(() => {});
    const url = `${closed.url}/health/{target}`;
    await closed.close();
    const check = createHealthCheck({ url, timeout_seconds: 1, attempts: 1, interval_seconds: 0 }, { sleep });
    const result = await check({ requestId: 'req_1', targets: ['db'], signal: signal() });
    assert.equal(result.healthy, false);
    assert.match(result.detail, /^db unhealthy after 1 probe: fetch failed \(.*ECONNREFUSED/);
  });

  it('follows redirects', async () => {
    const check = createHealthCheck(config(1), { sleep });
    const result = await check({ requestId: 'req_1', targets: ['redirected'], signal: signal() });
    assert.deepEqual(result, { healthy: true, detail: 'redirected healthy after 1 probe' });
  });

  it('pauses with a real timer by default, and ends unhealthy when the signal aborts', async () => {
    const check = createHealthCheck({ ...config(3), interval_seconds: 60 });
    const controller = new AbortController();
    setTimeout(() => controller.abort(new Error('shutting down')), 50);
    const started = Date.now();
    const result = await check({ requestId: 'req_1', targets: ['api/api-1'], signal: controller.signal });
    assert.deepEqual(result, {
      healthy: false,
      detail: 'api/api-1 unhealthy after 0 probes: aborted (shutting down)',
    });
    assert.ok(Date.now() - started < 2_000);
    assert.equal(probes.get('api/api-1'), undefined);
  });

  it('ends a probe under way when the signal aborts', async () => {
    const check = createHealthCheck({ ...config(3), timeout_seconds: 30 }, { sleep });
    const controller = new AbortController();
    setTimeout(() => controller.abort(new Error('shutting down')), 100);
    const result = await check({ requestId: 'req_1', targets: ['slow'], signal: controller.signal });
    assert.deepEqual(result, {
      healthy: false,
      detail: 'slow unhealthy after 1 probe: aborted (shutting down)',
    });
  });
});
