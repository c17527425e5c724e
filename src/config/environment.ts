import { z } from 'zod';
import type { ConfigIssue } from '../errors/index.ts';
import { describeValue } from './schema.ts';

const url = (protocols: RegExp, example: string) =>
  z.url({
    protocol: protocols,
    error: (issue) => `expected a URL such as ${example}, got ${describeValue(issue.input)}`,
  });

/** Settings and secrets read from the environment only; never from .steward.yml. */
export const environmentSchema = z.object({
  DATABASE_URL: url(/^postgres(ql)?$/, 'postgres://user:password@host:5432/steward').optional(),
  STEWARD_DATA_DIR: z.string().optional(),
  OPENAI_API_KEY: z.string().optional(),
  OPENAI_BASE_URL: url(/^https?$/, 'https://api.openai.com/v1').optional(),
  ANTHROPIC_API_KEY: z.string().optional(),
  ANTHROPIC_BASE_URL: url(/^https?$/, 'https://api.anthropic.com/v1').optional(),
  GITHUB_APP_ID: z
    .string()
    .regex(/^[1-9][0-9]*$/, 'expected the numeric App ID shown on the GitHub App settings page')
    .optional(),
  GITHUB_PRIVATE_KEY: z
    .string()
    .transform((value) => value.replaceAll('\\n', '\n'))
    .refine(
      (value) => /-----BEGIN [A-Z ]*PRIVATE KEY-----/.test(value),
      'expected a PEM private key (-----BEGIN RSA PRIVATE KEY-----…)',
    )
    .optional(),
  GITHUB_WEBHOOK_SECRET: z.string().optional(),
  /** Bearer token of Steward's own HTTP API (`steward serve`). */
  STEWARD_API_TOKEN: z.string().min(16, 'expected at least 16 characters').optional(),
  /** Secrets of the alert sources of `steward serve`: a bearer token or an HMAC key each. */
  STEWARD_ALERTMANAGER_TOKEN: z.string().min(16, 'expected at least 16 characters').optional(),
  STEWARD_PAGERDUTY_TOKEN: z.string().min(16, 'expected at least 16 characters').optional(),
  STEWARD_ALERTS_TOKEN: z.string().min(16, 'expected at least 16 characters').optional(),
  /** Slack Web API token for incident messages that are updated in place. */
  SLACK_BOT_TOKEN: z.string().optional(),
  SLACK_API_URL: url(/^https?$/, 'https://slack.com/api').optional(),
  /** Verifies Slack's requests to /slack/interactions (approval buttons). */
  SLACK_SIGNING_SECRET: z.string().optional(),
  /** People who may approve through the API: `name=token`, comma-separated, one token each. */
  STEWARD_APPROVER_TOKENS: z
    .string()
    .refine(
      (value) =>
        value
          .split(',')
          .map((entry) => entry.trim())
          .filter((entry) => entry !== '')
          .every((entry) => /^[A-Za-z0-9][A-Za-z0-9._@-]{0,99}=\S{16,}$/.test(entry)),
      'expected name=token pairs separated by commas, each token at least 16 characters',
    )
    .optional(),
  /** HMAC key signing the bodies the approvals executor webhook receives. */
  STEWARD_EXECUTOR_SECRET: z.string().min(16, 'expected at least 16 characters').optional(),
});

export type Environment = z.output<typeof environmentSchema>;

/** The variables Steward reads, for documentation and `steward doctor`. */
export const environmentVariables = Object.keys(environmentSchema.shape) as (keyof Environment)[];

/** The variables that hold secrets: never echoed, and never passed on to commands Steward runs. */
export const secretVariables = environmentVariables.filter((name) => isSecret(name));

/** Reads Steward's variables from `env`; empty values count as unset. Secrets never appear in messages. */
export function readEnvironment(env: NodeJS.ProcessEnv): {
  environment: Environment | undefined;
  errors: ConfigIssue[];
} {
  const values: Record<string, string> = {};
  for (const name of environmentVariables) {
    const value = env[name];
    if (value !== undefined && value !== '') values[name] = value;
  }
  const parsed = environmentSchema.safeParse(values);
  if (parsed.success) return { environment: parsed.data, errors: [] };
  return {
    environment: undefined,
    errors: parsed.error.issues.map((issue) => ({
      source: String(issue.path[0]),
      path: '',
      message: issue.message.replace(/, got .*$/, isSecret(String(issue.path[0])) ? '' : '$&'),
    })),
  };
}

function isSecret(name: string): boolean {
  return /KEY|SECRET|TOKEN|DATABASE_URL/.test(name);
}
