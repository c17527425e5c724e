import { z } from 'zod';
import { approvalsSchema } from './approvals-schema.ts';
import { feedbackSchema, githubSchema, queueSchema, serverSchema } from './github-schema.ts';
import { incidentsSchema } from './incidents-schema.ts';
import { priceEntryInputSchema } from './price-entry-schema.ts';
import { reviewSchema } from './review-schema.ts';
import { describeValue } from './schema-values.ts';

export { describeValue };

const positiveNumber = (what = 'a positive number') =>
  z
    .number({ error: (issue) => `expected ${what}, got ${describeValue(issue.input)}` })
    .positive({ error: (issue) => `expected ${what}, got ${describeValue(issue.input)}` });

const positiveInteger = (what = 'a positive whole number') =>
  z
    .int({ error: (issue) => `expected ${what}, got ${describeValue(issue.input)}` })
    .positive({ error: (issue) => `expected ${what}, got ${describeValue(issue.input)}` });

const httpUrl = z.url({
  protocol: /^https?$/,
  error: (issue) => `expected an http(s) URL, got ${describeValue(issue.input)}`,
});

const name = z
  .string()
  .regex(/^[a-z][a-z0-9_-]*$/, 'expected a lower-case name (letters, digits, "-" and "_")');

/** `model` or `provider:model`, e.g. `gpt-4.1-mini`, `anthropic:claude-sonnet-4-5`, `ollama:llama3.1`. */
export const modelRefSchema = z
  .string({ error: (issue) => `expected a model name, got ${describeValue(issue.input)}` })
  .regex(
    /^([a-z][a-z0-9_-]*:)?[A-Za-z0-9][A-Za-z0-9._/:-]*$/,
    'expected a model name such as "gpt-4.1-mini" or "anthropic:claude-sonnet-4-5"',
  );

export const tierSchema = z.strictObject({
  model: modelRefSchema.describe('The model this tier calls first.'),
  fallbacks: z.array(modelRefSchema).default([]).describe('Models tried in order when the model fails.'),
  max_output_tokens: positiveInteger().describe('Output cap sent with every call; the worst case priced.'),
  temperature: z.number().min(0).max(2).default(0),
});

export const limitsSchema = z.strictObject({
  daily_usd: positiveNumber().optional(),
  monthly_usd: positiveNumber().optional(),
  lifetime_usd: positiveNumber().optional(),
});

export const agentNames = ['review', 'incidents', 'learning'] as const;
export type AgentName = (typeof agentNames)[number];

const timezone = z.string().refine(
  (value) => {
    try {
      new Intl.DateTimeFormat('en-US', { timeZone: value });
      return true;
    } catch {
      return false;
    }
  },
  {
    error: (issue) =>
      `expected an IANA time zone such as "UTC" or "Europe/Berlin", got ${describeValue(issue.input)}`,
  },
);

const threshold = z
  .number()
  .refine((value) => value > 0 && value <= 10, 'expected a fraction of the limit such as 0.8 or 1');

export const budgetsSchema = z.strictObject({
  timezone: timezone.default('UTC').describe('Time zone in which daily and monthly windows start.'),
  lease_seconds: positiveInteger().default(300).describe('How long a reservation lives if its process dies.'),
  org: limitsSchema.optional(),
  teams: z.record(name, limitsSchema).default({}),
  repos: z.record(z.string().regex(/^[^/\s]+\/[^/\s]+$/, 'expected "owner/name"'), limitsSchema).default({}),
  agents: z.partialRecord(z.enum(agentNames), limitsSchema).default({}),
  per_pr: limitsSchema.optional().describe('Limits applied to each pull request (scope pr:<repo#n>).'),
  per_incident: limitsSchema.optional().describe('Limits applied to each incident.'),
  per_run: limitsSchema.optional().describe('Limits applied to each agent run.'),
  alerts: z
    .strictObject({
      thresholds: z.array(threshold).min(1).default([0.8, 1]),
      webhooks: z.array(httpUrl).default([]),
      slack_webhooks: z.array(httpUrl).default([]),
    })
    .prefault({}),
  kill_switch: z
    .strictObject({
      enabled: z.boolean().default(true),
      velocity_multiple: positiveNumber().default(5),
      min_hourly_usd: positiveNumber().default(1),
    })
    .prefault({}),
});

export const providersSchema = z.strictObject({
  openai: z
    .strictObject({
      base_url: httpUrl.optional().describe('Overrides OPENAI_BASE_URL.'),
      api: z.enum(['chat', 'responses']).default('chat'),
    })
    .prefault({}),
  anthropic: z
    .strictObject({ base_url: httpUrl.optional().describe('Overrides ANTHROPIC_BASE_URL.') })
    .prefault({}),
  compatible: z
    .record(
      name,
      z.strictObject({
        base_url: httpUrl,
        api_key_env: z
          .string()
          .regex(/^[A-Z_][A-Z0-9_]*$/, 'expected the name of an environment variable')
          .optional(),
      }),
    )
    .default({})
    .describe('OpenAI-compatible endpoints (Ollama, vLLM, a LiteLLM proxy) by name.'),
});

const agentSchema = z.strictObject({ tier: name.optional() });

export const configFileSchema = z.strictObject({
  version: z.literal(1).default(1),
  providers: providersSchema.prefault({}),
  tiers: z
    .record(name, tierSchema)
    .default({})
    .describe('Named model tiers; fast, balanced and deep exist by default.'),
  prices: z
    .record(modelRefSchema, priceEntryInputSchema)
    .default({})
    .describe('Adds or overrides model prices.'),
  calls: z
    .strictObject({
      timeout_seconds: positiveNumber()
        .default(60)
        .describe('Per attempt; a call may take (max_retries + 1) attempts.'),
      max_retries: z.number().int().min(0).max(10).default(2),
    })
    .prefault({}),
  teams: z
    .record(name, z.strictObject({ repos: z.array(z.string()).default([]) }))
    .default({})
    .describe('Teams and the repositories (owner/name, globs allowed) they own.'),
  budgets: budgetsSchema.prefault({}),
  review: reviewSchema.prefault({}),
  github: githubSchema.prefault({}),
  queue: queueSchema.prefault({}),
  feedback: feedbackSchema.prefault({}),
  server: serverSchema.prefault({}),
  incidents: incidentsSchema.prefault({}),
  approvals: approvalsSchema.prefault({}),
  learning: agentSchema.prefault({}),
});

export type ConfigFileInput = z.input<typeof configFileSchema>;
export type ConfigFile = z.output<typeof configFileSchema>;
export type Tier = z.output<typeof tierSchema>;
export type Limits = z.output<typeof limitsSchema>;
