import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  createExecutor,
  createWebhookExecutor,
  signExecutorBody,
  verifyExecutorSignature,
} from '../../../src/approvals/execute/index.ts';
import { ConfigError } from '../../../src/errors/index.ts';
import { step } from './execution-step.ts';
import { type LocalServer, type ReceivedRequest, reply, startLocalServer } from './local-server.ts';

const secret = 'executor-secret-0123456789';

/** The receiver side: what a real receiver checks before doing anything. */
function verified(request: ReceivedRequest): boolean {
  return verifyExecutorSignature(
    secret,
    request.headers['x-steward-timestamp'] as string | undefined,
    request.body,
    request.headers['x-steward-signature'] as string | undefined,
  );
}

describe('webhook executor', () => {
  let server: LocalServer;
  const signal = () => new AbortController().signal;

  before(async () => {
    server = await startLocalServer((request, response) => {
      if (!verified(request)) return reply(response, 401, 'bad signature');
      if (request.path === '/ok') return reply(response, 200, { accepted: true, long: 'x'.repeat(2_000) });
      if (request.path === '/empty') return reply(response, 204);
      if (request.path === '/refuse') return reply(response, 422, 'unknown kind');
      if (request.path === '/busy') return reply(response, 429, 'slow down');
      if (request.path === '/down') return reply(response, 503, 'maintenance');
      if (request.path === '/moved') {
        response.writeHead(302, { location: '/ok' });
        return response.end();
      }
      // /hang: never answers.
    });
  });
  after(() => server.close());

  const executor = (path: string, timeoutSeconds = 5) =>
    createWebhookExecutor({ url: `${server.url}${path}`, secret, timeoutSeconds });

  it('POSTs the step as signed JSON with its idempotency key; 2xx is done', async () => {
    const result = await executor('/ok').run(step, signal());
    assert.equal(result.ok, true);
    assert.match(result.detail, /^200 \{"accepted":true,"long":"x+$/);
    assert.equal(result.detail.length, '200 '.length + 500);

    const request = server.requests.at(-1)!;
    assert.equal(request.method, 'POST');
    assert.equal(request.headers['content-type'], 'application/json');
    assert.equal(request.headers['idempotency-key'], 'req_01:2');
    assert.match(String(request.headers['x-steward-timestamp']), /^\d{10}$/);
    assert.ok(Math.abs(Number(request.headers['x-steward-timestamp']) - Date.now() / 1000) < 5);
    assert.ok(verified(request));
    assert.deepEqual(JSON.parse(request.body), {
      request_id: 'req_01',
      step: 2,
      steps: 3,
      idempotency_key: 'req_01:2',
      kind: 'restart',
      environment: 'production',
      targets: ['api/api-1', 'api/api-2'],
      arguments: { grace_seconds: 30, note: 'ünïcode' },
      approved_by: ['alice', 'bob'],
      reason: 'memory leak',
    });
  });

  it('takes a 2xx without a body', async () => {
    assert.deepEqual(await executor('/empty').run(step, signal()), { ok: true, detail: '204' });
  });

  it('sends the same idempotency key again when a step is retried', async () => {
    await executor('/down').run(step, signal());
    await executor('/down').run(step, signal());
    const keys = server.requests.slice(-2).map((request) => request.headers['idempotency-key']);
    assert.deepEqual(keys, ['req_01:2', 'req_01:2']);
  });

  it('is refused, not retryable, on a 4xx', async () => {
    assert.deepEqual(await executor('/refuse').run(step, signal()), {
      ok: false,
      detail: '422 unknown kind',
      retryable: false,
    });
  });

  it('a wrong secret is a 401 from the receiver: not retryable', async () => {
    const wrong = createWebhookExecutor({
      url: `${server.url}/ok`,
      secret: 'another-secret-0123456789',
      timeoutSeconds: 5,
    });
    assert.deepEqual(await wrong.run(step, signal()), {
      ok: false,
      detail: '401 bad signature',
      retryable: false,
    });
  });

  it('is retryable on a 5xx and on 429', async () => {
    assert.deepEqual(await executor('/down').run(step, signal()), {
      ok: false,
      detail: '503 maintenance',
      retryable: true,
    });
    assert.deepEqual(await executor('/busy').run(step, signal()), {
      ok: false,
      detail: '429 slow down',
      retryable: true,
    });
  });

  it('does not follow redirects (the POST would lose its body)', async () => {
    const before = server.requests.length;
    const result = await executor('/moved').run(step, signal());
    assert.equal(result.ok, false);
    assert.equal(!result.ok && result.retryable, false);
    assert.match(result.detail, /^302 \(redirects are not followed/);
    assert.equal(server.requests.length, before + 1);
  });

  it('is retryable when there is no answer within timeout_seconds', async () => {
    const started = Date.now();
    assert.deepEqual(await executor('/hang', 1).run(step, signal()), {
      ok: false,
      detail: 'no answer within 1 s',
      retryable: true,
    });
    assert.ok(Date.now() - started < 3_000);
  });

  it('is retryable when the signal aborts, and stops waiting at once', async () => {
    const controller = new AbortController();
    const running = executor('/hang', 30).run(step, controller.signal);
    setTimeout(() => controller.abort(new Error('shutting down')), 50);
    assert.deepEqual(await running, { ok: false, detail: 'aborted: shutting down', retryable: true });
    const aborted = AbortSignal.abort(new Error('already'));
    assert.deepEqual(await executor('/ok').run(step, aborted), {
      ok: false,
      detail: 'aborted before sending: already',
      retryable: true,
    });
  });

  it('is retryable when the receiver cannot be reached', async () => {
    const closed = await startLocalServer(() => {});
    const url = `${closed.url}/ok`;
    await closed.close();
    const result = await createWebhookExecutor({ url, secret, timeoutSeconds: 5 }).run(step, signal());
    assert.equal(result.ok, false);
    assert.equal(!result.ok && result.retryable, true);
    assert.match(result.detail, /^request failed: fetch failed \(.*ECONNREFUSED/);
  });

  it('refuses to be created without a secret', () => {
    for (const missing of [undefined, '']) {
      assert.throws(
        () => createWebhookExecutor({ url: `${server.url}/ok`, secret: missing, timeoutSeconds: 5 }),
        (error) => error instanceof ConfigError && /^STEWARD_EXECUTOR_SECRET: required/.test(error.message),
      );
    }
  });
});

describe('verifyExecutorSignature', () => {
  const body = '{"request_id":"req_01"}';
  const now = 1_700_000_000;
  const timestamp = String(now);
  const header = signExecutorBody(secret, timestamp, body);

  it('is the HMAC-SHA256 of "<timestamp>.<body>" in hex', async () => {
    const { createHmac } = await import('node:crypto');
    assert.equal(
      header,
      `sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`,
    );
    assert.equal(verifyExecutorSignature(secret, timestamp, body, header, { nowSeconds: now }), true);
  });

  it('refuses another body, timestamp, secret, or a malformed header', () => {
    const options = { nowSeconds: now };
    assert.equal(verifyExecutorSignature(secret, timestamp, `${body} `, header, options), false);
    assert.equal(verifyExecutorSignature(secret, String(now + 1), body, header, options), false);
    assert.equal(verifyExecutorSignature(`${secret}x`, timestamp, body, header, options), false);
    assert.equal(verifyExecutorSignature(secret, timestamp, body, header.toUpperCase(), options), false);
    assert.equal(verifyExecutorSignature(secret, timestamp, body, header.slice(7), options), false);
    assert.equal(verifyExecutorSignature(secret, timestamp, body, undefined, options), false);
    assert.equal(verifyExecutorSignature(secret, undefined, body, header, options), false);
    assert.equal(verifyExecutorSignature(secret, '-1', body, header, options), false);
  });

  it('refuses a timestamp more than five minutes away (a replay), unless told otherwise', () => {
    assert.equal(verifyExecutorSignature(secret, timestamp, body, header, { nowSeconds: now + 300 }), true);
    assert.equal(verifyExecutorSignature(secret, timestamp, body, header, { nowSeconds: now + 301 }), false);
    assert.equal(verifyExecutorSignature(secret, timestamp, body, header, { nowSeconds: now - 301 }), false);
    assert.equal(
      verifyExecutorSignature(secret, timestamp, body, header, {
        nowSeconds: now + 86_400,
        toleranceSeconds: Infinity,
      }),
      true,
    );
  });
});

describe('createExecutor', () => {
  const config = { timeout_seconds: 60 };

  it('is undefined when nothing is configured', () => {
    assert.equal(createExecutor(config, {}), undefined);
  });

  it('makes a webhook executor, which needs STEWARD_EXECUTOR_SECRET', () => {
    const webhook = { ...config, webhook_url: 'https://deploy.example.com/steward' };
    assert.equal(typeof createExecutor(webhook, { STEWARD_EXECUTOR_SECRET: secret })?.run, 'function');
    assert.throws(() => createExecutor(webhook, {}), ConfigError);
  });

  it('makes a command executor', () => {
    assert.equal(typeof createExecutor({ ...config, command: ['deploy'] }, {})?.run, 'function');
  });

  it('refuses both a webhook and a command: pick one', () => {
    assert.throws(
      () =>
        createExecutor(
          { ...config, webhook_url: 'https://deploy.example.com/steward', command: ['deploy'] },
          { STEWARD_EXECUTOR_SECRET: secret },
        ),
      (error) =>
        error instanceof ConfigError &&
        error.message ===
          '.steward.yml: approvals.executor: both webhook_url and command are set: which one runs the steps is ambiguous' &&
        error.hint === 'keep one of approvals.executor.webhook_url and approvals.executor.command',
    );
  });
});
