import { createAnthropic } from '@ai-sdk/anthropic';
import { createOpenAI } from '@ai-sdk/openai';
import { createOpenAICompatible } from '@ai-sdk/openai-compatible';
import type { LanguageModel } from 'ai';
import { ConfigError } from '../../errors/index.ts';
import {
  defaultAnthropicBaseUrl,
  defaultOpenAiBaseUrl,
  isHttpUrl,
  type OpenAiApi,
  type ProviderSettings,
} from './provider-settings.ts';

/** `openai`, `anthropic`, or the name of a configured OpenAI-compatible endpoint. */
export type ProviderName = 'openai' | 'anthropic' | (string & {});

/** The `fetch` the provider clients use; inject one in tests or to route through a proxy. */
export type FetchFunction = typeof globalThis.fetch;

export interface LanguageModelOptions {
  settings: ProviderSettings;
  provider: ProviderName;
  model: string;
  fetch?: FetchFunction;
}

/** The model plus what callers need to know about how its provider reports usage. */
export interface ResolvedLanguageModel {
  model: LanguageModel;
  /** How the provider's wire format is spoken; `compatible` is OpenAI Chat Completions elsewhere. */
  wire: 'openai-chat' | 'openai-responses' | 'anthropic-messages' | 'compatible-chat';
}

/**
 * Builds the AI SDK model for a provider and model id. Never reads the environment itself:
 * keys and base URLs come from `settings` only (see providerSettingsFromEnv).
 * Throws ConfigError when the provider is unknown or its API key is missing.
 */
export function createLanguageModel(options: LanguageModelOptions): ResolvedLanguageModel {
  const { settings, provider, model } = options;
  const fetch = options.fetch === undefined ? {} : { fetch: options.fetch };

  if (provider === 'openai') {
    const openai = settings.openai ?? {};
    const apiKey = requireApiKey(openai.apiKey, 'openai', 'OPENAI_API_KEY', model);
    const client = createOpenAI({ apiKey, baseURL: openai.baseURL ?? defaultOpenAiBaseUrl, ...fetch });
    const api: OpenAiApi = openai.api ?? 'chat';
    return api === 'chat'
      ? { model: client.chat(model), wire: 'openai-chat' }
      : { model: client.responses(model), wire: 'openai-responses' };
  }

  if (provider === 'anthropic') {
    const anthropic = settings.anthropic ?? {};
    const apiKey = requireApiKey(anthropic.apiKey, 'anthropic', 'ANTHROPIC_API_KEY', model);
    const client = createAnthropic({
      apiKey,
      baseURL: anthropic.baseURL ?? defaultAnthropicBaseUrl,
      ...fetch,
    });
    return { model: client.messages(model), wire: 'anthropic-messages' };
  }

  const endpoint = settings.compatible?.[provider];
  if (endpoint === undefined) {
    const known = ['openai', 'anthropic', ...Object.keys(settings.compatible ?? {})].join(', ');
    throw new ConfigError(
      [{ source: 'providers', path: provider, message: `unknown provider (known: ${known})` }],
      `Use one of the known providers, or configure an OpenAI-compatible endpoint named "${provider}" with its base URL.`,
    );
  }
  if (!isHttpUrl(endpoint.baseURL)) {
    throw new ConfigError(
      [
        {
          source: 'providers',
          path: `${provider}.baseURL`,
          message: `"${endpoint.baseURL}" is not an http(s) URL`,
        },
      ],
      'Give the endpoint base URL including its version path, e.g. http://localhost:11434/v1.',
    );
  }
  const client = createOpenAICompatible({
    name: provider,
    baseURL: endpoint.baseURL,
    supportsStructuredOutputs: true,
    ...(endpoint.apiKey === undefined || endpoint.apiKey === '' ? {} : { apiKey: endpoint.apiKey }),
    ...fetch,
  });
  return { model: client.chatModel(model), wire: 'compatible-chat' };
}

function requireApiKey(
  apiKey: string | undefined,
  provider: string,
  variable: string,
  model: string,
): string {
  if (apiKey !== undefined && apiKey !== '') return apiKey;
  throw new ConfigError(
    [{ source: variable, path: '', message: `not set; model ${provider}:${model} needs it` }],
    `Set ${variable} in the environment Steward runs in, or choose a model of another provider.`,
  );
}
