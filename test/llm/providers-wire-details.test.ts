import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { z } from 'zod';
import { createModelCaller, type ModelRequest, ProviderError } from '../../src/llm/providers/index.ts';
import { type FakeLlmServer, startFakeLlmServer } from '../support/fake-llm-server.ts';

const verdictSchema = z.object({ verdict: z.enum(['approve', 'comment']) });

describe('provider wire details', () => {
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

  const callModel = () =>
    createModelCaller({
      settings: {
        openai: { apiKey: 'sk-test', baseURL: server.baseURL },
        anthropic: { apiKey: 'sk-ant', baseURL: server.baseURL },
        compatible: { ollama: { baseURL: server.baseURL } },
      },
      sleep: async () => {},
    });
  const request = (overrides: Partial<ModelRequest<unknown>> = {}): ModelRequest<unknown> => ({
    provider: 'openai',
    model: 'gpt-4.1-mini',
    messages: [{ role: 'user', content: 'hi' }],
    maxOutputTokens: 64,
    timeoutMs: 5_000,
    maxRetries: 0,
    ...overrides,
  });

  it('returns no usage, rather than zeros, when the endpoint reports none', async () => {
    server.enqueue({ kind: 'ok', text: 'hello', usage: null });
    const result = await callModel()(request({ provider: 'ollama', model: 'llama3.1' }));
    assert.equal(result.text, 'hello');
    assert.equal(result.usage, undefined);
  });

  it('leaves out temperature and system when not given', async () => {
    await callModel()(request());
    assert.deepEqual(server.requests[0]?.body, {
      model: 'gpt-4.1-mini',
      max_tokens: 64,
      messages: [{ role: 'user', content: 'hi' }],
    });
  });

  it('asks older Anthropic models for structured output through the json tool', async () => {
    server.enqueue({ kind: 'ok', text: '{"verdict":"approve"}', usage: { input: 30, output: 9 } });
    const result = await callModel()(
      request({ provider: 'anthropic', model: 'claude-3-haiku-20240307', schema: verdictSchema }),
    );
    const body = server.requests[0]?.body as Record<string, unknown>;
    assert.equal(body.max_tokens, 64);
    assert.deepEqual(body.tool_choice, { type: 'any', disable_parallel_tool_use: true });
    assert.equal((body.tools as Array<{ name: string }>)[0]?.name, 'json');
    assert.deepEqual(result.output, { verdict: 'approve' });
    assert.deepEqual(result.usage, {
      inputTokens: 30,
      cachedInputTokens: 0,
      cacheWriteTokens: 0,
      outputTokens: 9,
    });
  });

  it('reports structured output cut off by the output cap as bad_response with its usage', async () => {
    server.enqueue({ kind: 'ok', text: '', finish: 'length', usage: { input: 40, output: 64 } });
    await assert.rejects(callModel()(request({ schema: verdictSchema })), (error: unknown) => {
      assert.ok(error instanceof ProviderError);
      assert.equal(error.kind, 'bad_response');
      assert.deepEqual(error.usage, {
        inputTokens: 40,
        cachedInputTokens: 0,
        cacheWriteTokens: 0,
        outputTokens: 64,
      });
      return true;
    });
  });

  it('serves many concurrent calls, each with its own reply', async () => {
    const concurrent = await startFakeLlmServer({
      respond: (recorded) => {
        const body = recorded.body as { messages: Array<{ content: string }> };
        return {
          kind: 'slow',
          delayMs: 20,
          reply: { kind: 'ok', text: `echo ${body.messages.at(-1)?.content}` },
        };
      },
    });
    try {
      const call = createModelCaller({ settings: { openai: { apiKey: 'sk', baseURL: concurrent.baseURL } } });
      const results = await Promise.all(
        Array.from({ length: 25 }, (_, index) =>
          call(request({ messages: [{ role: 'user', content: `n${index}` }] })),
        ),
      );
      assert.deepEqual(
        results.map((result) => result.text),
        Array.from({ length: 25 }, (_, index) => `echo n${index}`),
      );
      assert.equal(concurrent.requests.length, 25);
      assert.ok(concurrent.maxInFlight > 1, `max in flight ${concurrent.maxInFlight}`);
    } finally {
      await concurrent.close();
    }
  });
});
