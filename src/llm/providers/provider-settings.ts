import { ConfigError, type ConfigIssue } from '../../errors/index.ts';

/** Which OpenAI API to call: Chat Completions, or Responses (sent with `store: false`). */
export type OpenAiApi = 'chat' | 'responses';

export interface OpenAiSettings {
  apiKey?: string;
  /** Default `https://api.openai.com/v1`. */
  baseURL?: string;
  /** Default `chat`. */
  api?: OpenAiApi;
}

export interface AnthropicSettings {
  apiKey?: string;
  /** Default `https://api.anthropic.com/v1`. */
  baseURL?: string;
}

/** An endpoint that speaks OpenAI Chat Completions (Ollama, vLLM, LiteLLM, …). */
export interface CompatibleEndpointSettings {
  /** Up to and including the version segment, e.g. `http://localhost:11434/v1`. */
  baseURL: string;
  /** Sent as `Authorization: Bearer`; omit for endpoints without authentication. */
  apiKey?: string;
}

/** How to reach each provider. Keys of `compatible` are provider names used in model specs. */
export interface ProviderSettings {
  openai?: OpenAiSettings;
  anthropic?: AnthropicSettings;
  compatible?: Record<string, CompatibleEndpointSettings>;
}

export const defaultOpenAiBaseUrl = 'https://api.openai.com/v1';
export const defaultAnthropicBaseUrl = 'https://api.anthropic.com/v1';

/**
 * Reads `OPENAI_API_KEY`, `OPENAI_BASE_URL`, `ANTHROPIC_API_KEY` and `ANTHROPIC_BASE_URL`.
 * Empty values count as unset. A base URL that is not an http(s) URL is a ConfigError naming the variable.
 */
export function providerSettingsFromEnv(env: Readonly<Record<string, string | undefined>>): ProviderSettings {
  const issues: ConfigIssue[] = [];
  const read = (name: string): string | undefined => {
    const value = env[name]?.trim();
    return value === undefined || value === '' ? undefined : value;
  };
  const readUrl = (name: string): string | undefined => {
    const value = read(name);
    if (value !== undefined && !isHttpUrl(value)) {
      issues.push({ source: name, path: '', message: `"${value}" is not an http(s) URL` });
      return undefined;
    }
    return value;
  };

  const openai: OpenAiSettings = {};
  const openAiKey = read('OPENAI_API_KEY');
  const openAiBaseUrl = readUrl('OPENAI_BASE_URL');
  if (openAiKey !== undefined) openai.apiKey = openAiKey;
  if (openAiBaseUrl !== undefined) openai.baseURL = openAiBaseUrl;

  const anthropic: AnthropicSettings = {};
  const anthropicKey = read('ANTHROPIC_API_KEY');
  const anthropicBaseUrl = readUrl('ANTHROPIC_BASE_URL');
  if (anthropicKey !== undefined) anthropic.apiKey = anthropicKey;
  if (anthropicBaseUrl !== undefined) anthropic.baseURL = anthropicBaseUrl;

  if (issues.length > 0)
    throw new ConfigError(
      issues,
      'Set it to the API base URL including its version path (https://host/v1), or unset it.',
    );
  return { openai, anthropic };
}

export function isHttpUrl(value: string): boolean {
  const url = URL.parse(value);
  return url !== null && (url.protocol === 'http:' || url.protocol === 'https:');
}
