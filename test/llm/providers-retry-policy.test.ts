import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import {
  backoffDelayMs,
  createModelCaller,
  defaultRetryPolicy,
  type ModelCallerOptions,
  type ModelRequest,
  ProviderError,
  retryAfterMs,
} from '../../src/llm/providers/index.ts';
import { type FakeLlmServer, type FakeReply, startFakeLlmServer } from '../support/fake-llm-server.ts';

describe('retryAfterMs', () => {
  const now = Date.parse('2026-03-01T12:00:00Z');

  it('reads seconds, fractional seconds and retry-after-ms, preferring the milliseconds', () => {
    assert.equal(retryAfterMs({ 'retry-after': '3' }, now), 3_000);
    assert.equal(retryAfterMs({ 'retry-after': '0.5' }, now), 500);
    assert.equal(retryAfterMs({ 'retry-after': '3', 'retry-after-ms': '1250' }, now), 1_250);
    assert.equal(retryAfterMs({ 'Retry-After': '2' }, now), 2_000);
  });

  it('reads an HTTP date relative to now, never negative', () => {
    assert.equal(retryAfterMs({ 'retry-after': 'Sun, 01 Mar 2026 12:00:09 GMT' }, now), 9_000);
    assert.equal(retryAfterMs({ 'retry-after': 'Sun, 01 Mar 2026 11:59:00 GMT' }, now), 0);
  });

  it('ignores absent and unparseable values', () => {
    assert.equal(retryAfterMs(undefined, now), undefined);
    assert.equal(retryAfterMs({}, now), undefined);
    assert.equal(retryAfterMs({ 'retry-after': 'soon' }, now), undefined);
    assert.equal(retryAfterMs({ 'retry-after': '-4' }, now), undefined);
  });
});

describe('backoffDelayMs', () => {
  it('doubles from the initial delay, jitters within the upper half, and stops at the maximum', () => {
    const policy = defaultRetryPolicy;
    assert.equal(
      backoffDelayMs(1, policy, () => 0),
      500,
    );
    assert.equal(
      backoffDelayMs(1, policy, () => 0.999_999),
      1_000,
    );
    assert.equal(
      backoffDelayMs(3, policy, () => 0),
      2_000,
    );
    assert.equal(
      backoffDelayMs(20, policy, () => 1),
      policy.maxDelayMs,
    );
  });
});

describe('which failures are retried', () => {
  let server: FakeLlmServer;
  let sleeps: number[];
  before(async () => {
    server = await startFakeLlmServer();
  });
  after(async () => {
    await server.close();
  });
  beforeEach(() => {
    server.reset();
    sleeps = [];
  });

  const caller = (overrides: Partial<ModelCallerOptions> = {}) =>
    createModelCaller({
      settings: {
        openai: { apiKey: 'sk-test', baseURL: server.baseURL },
        anthropic: { apiKey: 'sk-ant', baseURL: server.baseURL },
      },
      sleep: async (ms) => {
        sleeps.push(ms);
      },
      random: () => 0,
      ...overrides,
    });
  const request = (overrides: Partial<ModelRequest<unknown>> = {}): ModelRequest<unknown> => ({
    provider: 'openai',
    model: 'gpt-4.1-mini',
    messages: [{ role: 'user', content: 'hi' }],
    maxOutputTokens: 50,
    timeoutMs: 5_000,
    maxRetries: 3,
    ...overrides,
  });
  const failure = async (promise: Promise<unknown>): Promise<ProviderError> => {
    try {
      await promise;
    } catch (error) {
      assert.ok(error instanceof ProviderError, String(error));
      return error;
    }
    return assert.fail('expected the call to fail');
  };

  for (const [status, kind] of [
    [408, 'timeout'],
    [409, 'server'],
    [429, 'rate_limited'],
    [502, 'server'],
    [529, 'server'],
  ] as const) {
    it(`retries ${status} (${kind})`, async () => {
      server.enqueue({ kind: 'status', status }, { kind: 'ok', text: 'done' });
      const result = await caller()(request());
      assert.equal(result.attempts, 2);
      assert.deepEqual(sleeps, [500]);
    });
  }

  for (const [status, kind, fallbackWorthwhile] of [
    [400, 'client', false],
    [401, 'auth', true],
    [403, 'auth', true],
    [404, 'client', true],
    [413, 'client', false],
    [422, 'client', false],
  ] as const) {
    it(`does not retry ${status}: ${kind}, fallback ${fallbackWorthwhile ? 'worthwhile' : 'pointless'}`, async () => {
      server.enqueue({ kind: 'status', status }, { kind: 'ok' });
      const error = await failure(caller()(request()));
      assert.equal(error.kind, kind);
      assert.equal(error.statusCode, status);
      assert.equal(error.isRetryable, false);
      assert.equal(error.fallbackWorthwhile, fallbackWorthwhile);
      assert.equal(error.mayHaveBeenBilled, false);
      assert.equal(error.attempts, 1);
      assert.equal(server.requests.length, 1);
    });
  }

  it('names the key to check when the provider rejects it', async () => {
    server.enqueue({ kind: 'status', status: 401 });
    const error = await failure(caller()(request({ provider: 'anthropic', model: 'claude-sonnet-4-5' })));
    assert.equal(error.kind, 'auth');
    assert.match(error.hint ?? '', /ANTHROPIC_API_KEY/);
    assert.equal(error.providerRequestId, 'req_fake1');
  });

  it('honours retry-after-ms and an HTTP-date Retry-After', async () => {
    const now = Date.parse('2026-03-01T12:00:00Z');
    server.enqueue(
      { kind: 'status', status: 429, retryAfterMs: 250 },
      { kind: 'status', status: 503, retryAfter: 'Sun, 01 Mar 2026 12:00:04 GMT' },
      { kind: 'ok' },
    );
    const result = await caller({ now: () => now })(request());
    assert.equal(result.attempts, 3);
    assert.deepEqual(sleeps, [250, 4_000]);
  });

  it('gives up at once, keeping the wait asked for, when Retry-After exceeds the cap', async () => {
    server.enqueue({ kind: 'status', status: 429, retryAfter: 3_600 }, { kind: 'ok' });
    const error = await failure(caller({ retryPolicy: { maxRetryAfterMs: 30_000 } })(request()));
    assert.equal(error.kind, 'rate_limited');
    assert.equal(error.retryAfterMs, 3_600_000);
    assert.equal(error.isRetryable, true);
    assert.equal(error.attempts, 1);
    assert.deepEqual(sleeps, []);
  });

  it('makes a single attempt when maxRetries is 0', async () => {
    server.enqueue({ kind: 'status', status: 500 }, { kind: 'ok' });
    const error = await failure(caller()(request({ maxRetries: 0 })));
    assert.equal(error.kind, 'server');
    assert.equal(error.attempts, 1);
  });

  it('reports cancellation during the backoff as cancelled, with nothing billed', async () => {
    const controller = new AbortController();
    server.enqueue({ kind: 'status', status: 429, retryAfter: 1 }, { kind: 'ok' });
    const callModel = caller({
      sleep: async (_ms, signal) => {
        controller.abort();
        signal?.throwIfAborted();
      },
    });
    const error = await failure(callModel(request({ signal: controller.signal })));
    assert.equal(error.kind, 'cancelled');
    assert.equal(error.attempts, 1);
    assert.equal(error.mayHaveBeenBilled, false);
    assert.equal(server.requests.length, 1);
  });

  it('sends nothing when the signal is already aborted', async () => {
    const error = await failure(caller()(request({ signal: AbortSignal.abort() })));
    assert.equal(error.kind, 'cancelled');
    assert.equal(error.attempts, 0);
    assert.equal(error.mayHaveBeenBilled, false);
    assert.equal(server.requests.length, 0);
  });

  it('gives every attempt its own timeout', async () => {
    const slowThenOk: FakeReply[] = [
      { kind: 'status', status: 503 },
      { kind: 'slow', delayMs: 100, reply: { kind: 'ok' } },
    ];
    server.enqueue(...slowThenOk);
    const result = await caller()(request({ timeoutMs: 1_000 }));
    assert.equal(result.attempts, 2);
  });

  it('refuses a request without a positive integer output cap', async () => {
    await assert.rejects(caller()(request({ maxOutputTokens: 0 })), RangeError);
    await assert.rejects(caller()(request({ maxOutputTokens: 1.5 })), RangeError);
    assert.equal(server.requests.length, 0);
  });
});
