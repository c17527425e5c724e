import type { StewardConfig } from '../../config/index.ts';
import type { ProviderSettings } from '../providers/index.ts';

/**
 * Provider settings from the configuration and the environment. Keys come from the environment only;
 * a base URL in .steward.yml wins over OPENAI_BASE_URL / ANTHROPIC_BASE_URL.
 */
export function providerSettingsFor(config: StewardConfig, env: NodeJS.ProcessEnv): ProviderSettings {
  const value = (name: string) => (env[name] === '' ? undefined : env[name]);
  const optional = <T extends object>(entries: T) =>
    Object.fromEntries(Object.entries(entries).filter(([, entry]) => entry !== undefined)) as {
      [K in keyof T]: Exclude<T[K], undefined>;
    };
  return {
    openai: optional({
      apiKey: value('OPENAI_API_KEY'),
      baseURL: config.providers.openai.base_url ?? value('OPENAI_BASE_URL'),
      api: config.providers.openai.api,
    }),
    anthropic: optional({
      apiKey: value('ANTHROPIC_API_KEY'),
      baseURL: config.providers.anthropic.base_url ?? value('ANTHROPIC_BASE_URL'),
    }),
    compatible: Object.fromEntries(
      Object.entries(config.providers.compatible).map(([name, endpoint]) => [
        name,
        optional({
          baseURL: endpoint.base_url,
          apiKey: endpoint.api_key_env === undefined ? undefined : value(endpoint.api_key_env),
        }),
      ]),
    ),
  };
}
