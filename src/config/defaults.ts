import type { Tier } from './schema.ts';

/** Tiers that exist unless the configuration redefines them. Agents ask for a tier, never a model. */
export const defaultTiers: Readonly<Record<string, Tier>> = {
  fast: {
    model: 'openai:gpt-4.1-mini',
    fallbacks: ['anthropic:claude-haiku-4-5'],
    max_output_tokens: 2048,
    temperature: 0,
  },
  balanced: {
    model: 'openai:gpt-4.1',
    fallbacks: ['anthropic:claude-sonnet-4-5'],
    max_output_tokens: 4096,
    temperature: 0,
  },
  deep: {
    model: 'anthropic:claude-sonnet-4-5',
    fallbacks: ['openai:gpt-4.1'],
    max_output_tokens: 8192,
    temperature: 0,
  },
};

/** The tier each agent uses when its section names none. */
export const defaultAgentTiers = { incidents: 'balanced', learning: 'fast' } as const;
