import type { StewardConfig } from '../../config/index.ts';
import type { ProviderSettings } from '../providers/index.ts';

/** Whether a provider can be called with these settings: a key for OpenAI and Anthropic, an endpoint for the rest. */
export function providerReady(settings: ProviderSettings, provider: string): boolean {
  if (provider === 'openai') return settings.openai?.apiKey !== undefined;
  if (provider === 'anthropic') return settings.anthropic?.apiKey !== undefined;
  return settings.compatible?.[provider]?.baseURL !== undefined;
}

/** The environment variable a provider's key comes from, for messages. */
export function keyVariableOf(provider: string, config: StewardConfig): string {
  if (provider === 'openai') return 'OPENAI_API_KEY';
  if (provider === 'anthropic') return 'ANTHROPIC_API_KEY';
  return config.providers.compatible[provider]?.api_key_env ?? `providers.compatible.${provider}.base_url`;
}

/** The provider of a `provider:model` reference (`openai` when unqualified). */
export function providerOfRef(ref: string): string {
  const colon = ref.indexOf(':');
  return colon > 0 ? ref.slice(0, colon) : 'openai';
}

/** Tiers none of whose models can be called: each with the variables that would make it callable. */
export function unreadyTiers(
  config: StewardConfig,
  settings: ProviderSettings,
  tiers: readonly string[],
): { tier: string; variables: string[] }[] {
  const result: { tier: string; variables: string[] }[] = [];
  for (const name of new Set(tiers)) {
    const tier = config.tiers[name];
    if (tier === undefined) continue;
    const providers = [tier.model, ...tier.fallbacks].map(providerOfRef);
    if (providers.some((provider) => providerReady(settings, provider))) continue;
    result.push({
      tier: name,
      variables: [...new Set(providers.map((provider) => keyVariableOf(provider, config)))],
    });
  }
  return result;
}
