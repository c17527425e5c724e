import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ConfigError } from '../../src/errors/index.ts';
import {
  createLanguageModel,
  createModelCaller,
  providerSettingsFromEnv,
} from '../../src/llm/providers/index.ts';
import { type FakeLlmServer, startFakeLlmServer } from '../support/fake-llm-server.ts';

describe('providerSettingsFromEnv', () => {
  it('reads the OpenAI and Anthropic keys and base URLs', () => {
    const settings = providerSettingsFromEnv({
      OPENAI_API_KEY: 'sk-1',
      OPENAI_BASE_URL: 'https://proxy.example/v1',
      ANTHROPIC_API_KEY: 'sk-ant-1',
      ANTHROPIC_BASE_URL: 'https://anthropic.example/v1',
      UNRELATED: 'x',
    });
    assert.deepEqual(settings, {
      openai: { apiKey: 'sk-1', baseURL: 'https://proxy.example/v1' },
      anthropic: { apiKey: 'sk-ant-1', baseURL: 'https://anthropic.example/v1' },
    });
  });

  it('treats empty values as unset', () => {
    assert.deepEqual(providerSettingsFromEnv({ OPENAI_API_KEY: '', ANTHROPIC_BASE_URL: '  ' }), {
      openai: {},
      anthropic: {},
    });
  });

  it('rejects a base URL that is not an http(s) URL, naming the variable', () => {
    assert.throws(
      () => providerSettingsFromEnv({ OPENAI_BASE_URL: 'api.openai.com/v1', ANTHROPIC_BASE_URL: 'ftp://x' }),
      (error: unknown) => {
        assert.ok(error instanceof ConfigError);
        assert.deepEqual(
          error.issues.map((issue) => issue.source),
          ['OPENAI_BASE_URL', 'ANTHROPIC_BASE_URL'],
        );
        assert.match(error.message, /OPENAI_BASE_URL: "api\.openai\.com\/v1" is not an http\(s\) URL/);
        return true;
      },
    );
  });
});

describe('provider resolution', () => {
  let server: FakeLlmServer;
  before(async () => {
    server = await startFakeLlmServer();
  });
  after(async () => {
    await server.close();
  });

  const request = (provider: string) => ({
    provider,
    model: 'some-model',
    messages: [{ role: 'user' as const, content: 'hi' }],
    maxOutputTokens: 10,
    timeoutMs: 1_000,
    maxRetries: 0,
  });

  it('refuses an OpenAI call without a key, naming OPENAI_API_KEY, before sending anything', async () => {
    const callModel = createModelCaller({ settings: { openai: { baseURL: server.baseURL } } });
    await assert.rejects(callModel(request('openai')), (error: unknown) => {
      assert.ok(error instanceof ConfigError);
      assert.equal(error.issues[0]?.source, 'OPENAI_API_KEY');
      assert.match(error.hint ?? '', /Set OPENAI_API_KEY/);
      return true;
    });
    assert.equal(server.requests.length, 0);
  });

  it('refuses an Anthropic call without a key, naming ANTHROPIC_API_KEY', () => {
    assert.throws(
      () => createLanguageModel({ settings: {}, provider: 'anthropic', model: 'claude-sonnet-4-5' }),
      (error: unknown) => error instanceof ConfigError && error.issues[0]?.source === 'ANTHROPIC_API_KEY',
    );
  });

  it('does not need keys for providers that are not used', () => {
    const resolved = createLanguageModel({
      settings: { anthropic: { apiKey: 'sk-ant' } },
      provider: 'anthropic',
      model: 'claude-sonnet-4-5',
    });
    assert.equal(resolved.wire, 'anthropic-messages');
  });

  it('refuses an unknown provider, listing the known ones', () => {
    assert.throws(
      () =>
        createLanguageModel({
          settings: { compatible: { ollama: { baseURL: server.baseURL } } },
          provider: 'olama',
          model: 'llama3.1',
        }),
      (error: unknown) => {
        assert.ok(error instanceof ConfigError);
        assert.match(error.message, /olama: unknown provider \(known: openai, anthropic, ollama\)/);
        return true;
      },
    );
  });

  it('refuses a compatible endpoint whose base URL is not an http(s) URL', () => {
    assert.throws(
      () =>
        createLanguageModel({
          settings: { compatible: { vllm: { baseURL: 'localhost:8000' } } },
          provider: 'vllm',
          model: 'qwen',
        }),
      ConfigError,
    );
  });

  it('sends the bearer key of a compatible endpoint that has one', async () => {
    const callModel = createModelCaller({
      settings: { compatible: { vllm: { baseURL: server.baseURL, apiKey: 'token-1' } } },
    });
    const result = await callModel(request('vllm'));
    assert.equal(result.text, 'ok');
    assert.equal(server.requests.at(-1)?.headers.authorization, 'Bearer token-1');
  });

  it('uses Chat Completions for OpenAI unless Responses is asked for', () => {
    const settings = { openai: { apiKey: 'sk' } };
    assert.equal(createLanguageModel({ settings, provider: 'openai', model: 'gpt-4.1' }).wire, 'openai-chat');
    assert.equal(
      createLanguageModel({
        settings: { openai: { apiKey: 'sk', api: 'responses' } },
        provider: 'openai',
        model: 'gpt-4.1',
      }).wire,
      'openai-responses',
    );
  });
});
