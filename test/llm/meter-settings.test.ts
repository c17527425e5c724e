import assert from 'node:assert/strict';
import { test } from 'node:test';
import { providerSettingsFor } from '../../src/llm/meter/index.ts';
import { configFrom } from '../support/budget-fixtures.ts';

test('keys come from the environment; OPENAI_BASE_URL and ANTHROPIC_BASE_URL apply unless the file sets base_url', () => {
  const env = {
    OPENAI_API_KEY: 'sk-1',
    OPENAI_BASE_URL: 'http://127.0.0.1:9001/v1',
    ANTHROPIC_API_KEY: 'sk-ant-1',
    ANTHROPIC_BASE_URL: 'http://127.0.0.1:9002/v1',
    LOCAL_KEY: 'local-secret',
  };
  assert.deepEqual(providerSettingsFor(configFrom(''), env), {
    openai: { apiKey: 'sk-1', baseURL: 'http://127.0.0.1:9001/v1', api: 'chat' },
    anthropic: { apiKey: 'sk-ant-1', baseURL: 'http://127.0.0.1:9002/v1' },
    compatible: {},
  });
  const configured = configFrom(`
providers:
  openai:
    base_url: http://127.0.0.1:7001/v1
    api: responses
  compatible:
    local:
      base_url: http://127.0.0.1:11434/v1
      api_key_env: LOCAL_KEY
    bare:
      base_url: http://127.0.0.1:11435/v1
`);
  assert.deepEqual(providerSettingsFor(configured, env), {
    openai: { apiKey: 'sk-1', baseURL: 'http://127.0.0.1:7001/v1', api: 'responses' },
    anthropic: { apiKey: 'sk-ant-1', baseURL: 'http://127.0.0.1:9002/v1' },
    compatible: {
      local: { baseURL: 'http://127.0.0.1:11434/v1', apiKey: 'local-secret' },
      bare: { baseURL: 'http://127.0.0.1:11435/v1' },
    },
  });
  assert.deepEqual(providerSettingsFor(configFrom(''), { OPENAI_API_KEY: '' }).openai, { api: 'chat' });
});
