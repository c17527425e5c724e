import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { z } from 'zod';
import {
  createModelCaller,
  type ModelRequest,
  type ModelUsage,
  ProviderError,
  type ProviderErrorKind,
  type ProviderSettings,
  type Sleep,
  uncachedInputTokens,
} from '../../src/llm/providers/index.ts';
import { type FakeLlmServer, type FakeUsage, startFakeLlmServer } from '../support/fake-llm-server.ts';

const findingsSchema = z.object({
  findings: z.array(z.object({ line: z.number(), message: z.string() })),
});

const findingsJsonSchema = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  type: 'object',
  properties: {
    findings: {
      type: 'array',
      items: {
        type: 'object',
        properties: { line: { type: 'number' }, message: { type: 'string' } },
        required: ['line', 'message'],
        additionalProperties: false,
      },
    },
  },
  required: ['findings'],
  additionalProperties: false,
};

const validOutput = { findings: [{ line: 12, message: 'possible null dereference' }] };
const reportedUsage: FakeUsage = { input: 1200, output: 80, cached: 1000, cacheWrite: 150, reasoning: 0 };

/** One provider wire format: what is sent and how its usage comes back. */
interface WireCase {
  name: string;
  provider: string;
  model: string;
  settings: (baseURL: string) => ProviderSettings;
  path: string;
  authorization: (headers: Record<string, string | string[] | undefined>) => void;
  expectedBody: (structured: boolean) => unknown;
  expectedUsage: ModelUsage;
  expectedUncachedInput: number;
}

const system = 'You review code.';
const messages: ModelRequest['messages'] = [
  { role: 'user', content: 'Review this diff.' },
  { role: 'assistant', content: 'Which file first?' },
  { role: 'user', content: 'src/app.ts' },
];

const openAiChatBody = (model: string, structured: boolean) => ({
  model,
  max_tokens: 700,
  temperature: 0.2,
  ...(structured && {
    response_format: {
      type: 'json_schema',
      json_schema: { schema: findingsJsonSchema, strict: true, name: 'response' },
    },
  }),
  messages: [
    { role: 'system', content: system },
    { role: 'user', content: 'Review this diff.' },
    { role: 'assistant', content: 'Which file first?' },
    { role: 'user', content: 'src/app.ts' },
  ],
});

const wires: WireCase[] = [
  {
    name: 'OpenAI Chat Completions',
    provider: 'openai',
    model: 'gpt-4.1-mini',
    settings: (baseURL) => ({ openai: { apiKey: 'sk-test', baseURL, api: 'chat' } }),
    path: '/v1/chat/completions',
    authorization: (headers) => assert.equal(headers.authorization, 'Bearer sk-test'),
    expectedBody: (structured) => openAiChatBody('gpt-4.1-mini', structured),
    // OpenAI reports cached tokens inside prompt_tokens and has no cache-write count on this wire.
    expectedUsage: { inputTokens: 1200, cachedInputTokens: 1000, cacheWriteTokens: 0, outputTokens: 80 },
    expectedUncachedInput: 200,
  },
  {
    name: 'OpenAI Responses',
    provider: 'openai',
    model: 'gpt-4.1-mini',
    settings: (baseURL) => ({ openai: { apiKey: 'sk-test', baseURL, api: 'responses' } }),
    path: '/v1/responses',
    authorization: (headers) => assert.equal(headers.authorization, 'Bearer sk-test'),
    expectedBody: (structured) => ({
      model: 'gpt-4.1-mini',
      input: [
        { role: 'system', content: system },
        { role: 'user', content: [{ type: 'input_text', text: 'Review this diff.' }] },
        { role: 'assistant', content: 'Which file first?' },
        { role: 'user', content: [{ type: 'input_text', text: 'src/app.ts' }] },
      ],
      temperature: 0.2,
      max_output_tokens: 700,
      ...(structured && {
        text: { format: { type: 'json_schema', strict: true, name: 'response', schema: findingsJsonSchema } },
      }),
      store: false,
    }),
    expectedUsage: { inputTokens: 1200, cachedInputTokens: 1000, cacheWriteTokens: 0, outputTokens: 80 },
    expectedUncachedInput: 200,
  },
  {
    name: 'Anthropic Messages',
    provider: 'anthropic',
    model: 'claude-sonnet-4-5',
    settings: (baseURL) => ({ anthropic: { apiKey: 'sk-ant-test', baseURL } }),
    path: '/v1/messages',
    authorization: (headers) => {
      assert.equal(headers['x-api-key'], 'sk-ant-test');
      assert.equal(headers['anthropic-version'], '2023-06-01');
    },
    expectedBody: (structured) => ({
      model: 'claude-sonnet-4-5',
      max_tokens: 700,
      temperature: 0.2,
      ...(structured && { output_config: { format: { type: 'json_schema', schema: findingsJsonSchema } } }),
      system: [{ type: 'text', text: system }],
      messages: [
        { role: 'user', content: [{ type: 'text', text: 'Review this diff.' }] },
        { role: 'assistant', content: [{ type: 'text', text: 'Which file first?' }] },
        { role: 'user', content: [{ type: 'text', text: 'src/app.ts' }] },
      ],
    }),
    // Anthropic reports cache reads and writes on top of input_tokens.
    expectedUsage: { inputTokens: 1200, cachedInputTokens: 1000, cacheWriteTokens: 150, outputTokens: 80 },
    expectedUncachedInput: 1200,
  },
  {
    name: 'OpenAI-compatible endpoint (ollama)',
    provider: 'ollama',
    model: 'llama3.1:8b',
    settings: (baseURL) => ({ compatible: { ollama: { baseURL } } }),
    path: '/v1/chat/completions',
    authorization: (headers) => assert.equal(headers.authorization, undefined),
    expectedBody: (structured) => openAiChatBody('llama3.1:8b', structured),
    expectedUsage: { inputTokens: 1200, cachedInputTokens: 1000, cacheWriteTokens: 0, outputTokens: 80 },
    expectedUncachedInput: 200,
  },
];

let server: FakeLlmServer;
before(async () => {
  server = await startFakeLlmServer();
});
after(async () => {
  await server.close();
});
beforeEach(() => {
  server.reset();
});

for (const wire of wires) {
  describe(`provider call over ${wire.name}`, () => {
    let sleeps: number[];
    let sleep: Sleep;
    const caller = () =>
      createModelCaller({ settings: wire.settings(server.baseURL), sleep, random: () => 0.5, now: () => 0 });
    const request = (overrides: Partial<ModelRequest<unknown>> = {}): ModelRequest<unknown> => ({
      provider: wire.provider,
      model: wire.model,
      system,
      messages,
      maxOutputTokens: 700,
      temperature: 0.2,
      timeoutMs: 5_000,
      maxRetries: 2,
      ...overrides,
    });

    beforeEach(() => {
      sleeps = [];
      sleep = async (ms) => {
        sleeps.push(ms);
      };
    });

    it('sends the model, the output cap, the temperature and the messages, and returns the text', async () => {
      server.enqueue({ kind: 'ok', text: 'Looks fine.', usage: reportedUsage });
      const result = await caller()(request());

      assert.equal(server.requests.length, 1);
      const sent = server.requests[0]!;
      assert.equal(sent.method, 'POST');
      assert.equal(sent.path, wire.path);
      wire.authorization(sent.headers);
      assert.deepEqual(sent.body, wire.expectedBody(false));
      assert.equal(result.text, 'Looks fine.');
      assert.equal(result.output, undefined);
      assert.equal(result.finishReason, 'stop');
      assert.equal(result.attempts, 1);
      assert.equal(result.providerRequestId, 'req_fake1');
      assert.deepEqual(result.warnings, []);
    });

    it('reports usage as the provider counts it, cached and cache-write tokens included', async () => {
      server.enqueue({ kind: 'ok', text: 'ok', usage: reportedUsage });
      const result = await caller()(request());

      assert.deepEqual(result.usage, wire.expectedUsage);
      assert.equal(uncachedInputTokens(result.usage!, result.usageCounting), wire.expectedUncachedInput);
    });

    it('sends the JSON schema for structured output and returns the validated object', async () => {
      server.enqueue({ kind: 'ok', text: JSON.stringify(validOutput), usage: reportedUsage });
      const result = await caller()(request({ schema: findingsSchema }));

      assert.deepEqual(server.requests[0]!.body, wire.expectedBody(true));
      assert.deepEqual(result.output, validOutput);
    });

    it('reports a hit output cap as finish reason length', async () => {
      server.enqueue({ kind: 'ok', text: 'Partial answ', finish: 'length' });
      const result = await caller()(request());

      assert.equal(result.finishReason, 'length');
      assert.equal(result.text, 'Partial answ');
    });

    it('waits as long as Retry-After says after a 429, then succeeds on the second attempt', async () => {
      server.enqueue({ kind: 'status', status: 429, retryAfter: 7 }, { kind: 'ok', text: 'done' });
      const result = await caller()(request());

      assert.equal(result.text, 'done');
      assert.equal(result.attempts, 2);
      assert.deepEqual(sleeps, [7_000]);
      assert.equal(server.requests.length, 2);
      assert.deepEqual(server.requests[1]!.body, server.requests[0]!.body);
    });

    it('retries a 500 with exponential backoff and jitter, then succeeds', async () => {
      server.enqueue(
        { kind: 'status', status: 500 },
        { kind: 'status', status: 503 },
        { kind: 'ok', text: 'done' },
      );
      const result = await caller()(request());

      assert.equal(result.attempts, 3);
      // random() = 0.5: half the ceiling plus a quarter; ceilings 1 s then 2 s.
      assert.deepEqual(sleeps, [750, 1_500]);
    });

    it('fails as server after maxRetries + 1 attempts when the 500s persist', async () => {
      server.enqueue(...Array.from({ length: 5 }, () => ({ kind: 'status' as const, status: 500 })));
      const error = await rejection(caller()(request({ maxRetries: 2 })));

      assertProviderError(error, 'server', { attempts: 3, statusCode: 500, isRetryable: true });
      assert.equal(error.mayHaveBeenBilled, false);
      assert.equal(error.fallbackWorthwhile, true);
      assert.equal(server.requests.length, 3);
      assert.equal(sleeps.length, 2);
    });

    it('times out a slow response without retrying it', async () => {
      server.enqueue({ kind: 'slow', delayMs: 10_000 });
      const started = performance.now();
      const error = await rejection(caller()(request({ timeoutMs: 150 })));

      assertProviderError(error, 'timeout', { attempts: 1, isRetryable: true });
      assert.equal(error.mayHaveBeenBilled, true);
      assert.ok(performance.now() - started < 3_000);
      assert.equal(server.requests.length, 1);
    });

    it('reports a response cut off mid-body as a retryable network error', async () => {
      server.enqueue({ kind: 'truncated' }, { kind: 'ok' });
      const error = await rejection(caller()(request()));

      assertProviderError(error, 'network', { attempts: 1, isRetryable: true });
      assert.equal(error.mayHaveBeenBilled, true);
      assert.equal(server.requests.length, 1);
    });

    it('stops at once when the caller aborts, reports cancelled and does not retry', async () => {
      server.enqueue({ kind: 'slow', delayMs: 10_000 });
      const controller = new AbortController();
      const pending = rejection(caller()(request({ signal: controller.signal })));
      await until(() => server.requests.length === 1);
      controller.abort();
      const error = await pending;

      assertProviderError(error, 'cancelled', { attempts: 1, isRetryable: false });
      assert.equal(error.fallbackWorthwhile, false);
      assert.equal(server.requests.length, 1);
      assert.deepEqual(sleeps, []);
    });

    it('reports output that fails the schema as bad_response, keeps the usage and does not retry', async () => {
      server.enqueue({ kind: 'ok', text: JSON.stringify({ findings: 'none' }), usage: reportedUsage });
      const error = await rejection(caller()(request({ schema: findingsSchema })));

      assertProviderError(error, 'bad_response', { attempts: 1, isRetryable: false });
      assert.deepEqual(error.usage, wire.expectedUsage);
      assert.equal(error.providerRequestId, 'req_fake1');
      assert.equal(error.mayHaveBeenBilled, true);
      assert.equal(server.requests.length, 1);
    });

    it('reports output that is not JSON as bad_response', async () => {
      server.enqueue({ kind: 'ok', text: 'I found nothing to report.', usage: reportedUsage });
      const error = await rejection(caller()(request({ schema: findingsSchema })));

      assertProviderError(error, 'bad_response', { attempts: 1, isRetryable: false });
      assert.deepEqual(error.usage, wire.expectedUsage);
    });
  });
}

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  assert.fail('expected the call to fail');
}

function assertProviderError(
  error: unknown,
  kind: ProviderErrorKind,
  expected: { attempts: number; statusCode?: number; isRetryable: boolean },
): asserts error is ProviderError {
  assert.ok(error instanceof ProviderError, `expected a ProviderError, got ${String(error)}`);
  assert.equal(error.kind, kind, error.message);
  assert.equal(error.attempts, expected.attempts);
  assert.equal(error.isRetryable, expected.isRetryable);
  if (expected.statusCode !== undefined) assert.equal(error.statusCode, expected.statusCode);
}

async function until(condition: () => boolean): Promise<void> {
  const deadline = Date.now() + 2_000;
  while (!condition()) {
    if (Date.now() > deadline) assert.fail('condition not met within 2 s');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}
