import type { Severity } from '../finding.ts';

/** A kind of secret: how findings name it, how severe its leak is, and how to revoke it. */
export interface SecretKind {
  /** Starts a sentence: `${label} committed`. */
  label: string;
  severity: Extract<Severity, 'critical' | 'high'>;
  /** What rotating it means, as an imperative: "deactivate it in IAM and create a new one". */
  revoke: string;
}

const revokeAtIssuer = 'revoke it where it was issued and issue a new one';

/** Private keys and cloud-provider keys are critical; every other credential is high. */
export const secretKinds = {
  'aws-access-key': {
    label: 'AWS access key',
    severity: 'critical',
    revoke: 'deactivate the access key in IAM and create a new one',
  },
  'aws-secret-key': {
    label: 'AWS secret access key',
    severity: 'critical',
    revoke: 'deactivate the access key in IAM and create a new one',
  },
  'google-api-key': {
    label: 'Google API key',
    severity: 'critical',
    revoke: 'delete the key in the Google Cloud console and create a restricted one',
  },
  'azure-storage-key': {
    label: 'Azure storage account key',
    severity: 'critical',
    revoke: 'rotate the account key in the Azure portal',
  },
  'private-key': {
    label: 'Private key',
    severity: 'critical',
    revoke: 'replace the key pair and revoke anything that trusts the old public key',
  },
  'github-token': {
    label: 'GitHub token',
    severity: 'high',
    revoke: 'revoke it in GitHub settings and create a new one',
  },
  'gitlab-token': {
    label: 'GitLab token',
    severity: 'high',
    revoke: 'revoke it in GitLab settings and create a new one',
  },
  'slack-token': { label: 'Slack token', severity: 'high', revoke: 'revoke it in the Slack app settings' },
  'slack-webhook': {
    label: 'Slack webhook URL',
    severity: 'high',
    revoke: 'delete the webhook in Slack and create a new one',
  },
  'stripe-key': { label: 'Stripe API key', severity: 'high', revoke: 'roll the key in the Stripe dashboard' },
  'openai-key': { label: 'OpenAI API key', severity: 'high', revoke: 'revoke it in the OpenAI dashboard' },
  'anthropic-key': {
    label: 'Anthropic API key',
    severity: 'high',
    revoke: 'revoke it in the Anthropic console',
  },
  'npm-token': {
    label: 'npm token',
    severity: 'high',
    revoke: 'revoke it with `npm token revoke` and create a new one',
  },
  'sendgrid-key': { label: 'SendGrid API key', severity: 'high', revoke: revokeAtIssuer },
  'shopify-token': { label: 'Shopify token', severity: 'high', revoke: revokeAtIssuer },
  'grafana-token': { label: 'Grafana token', severity: 'high', revoke: revokeAtIssuer },
  'groq-key': { label: 'Groq API key', severity: 'high', revoke: revokeAtIssuer },
  'huggingface-token': { label: 'Hugging Face token', severity: 'high', revoke: revokeAtIssuer },
  'linear-key': { label: 'Linear API key', severity: 'high', revoke: revokeAtIssuer },
  'notion-token': { label: 'Notion token', severity: 'high', revoke: revokeAtIssuer },
  'onepassword-token': { label: '1Password service account token', severity: 'high', revoke: revokeAtIssuer },
  'vault-token': {
    label: 'HashiCorp Vault token',
    severity: 'high',
    revoke: 'revoke it with `vault token revoke`',
  },
  'vercel-token': { label: 'Vercel token', severity: 'high', revoke: revokeAtIssuer },
  'databricks-token': { label: 'Databricks token', severity: 'high', revoke: revokeAtIssuer },
  'docker-token': { label: 'Docker Hub token', severity: 'high', revoke: revokeAtIssuer },
  'figma-token': { label: 'Figma token', severity: 'high', revoke: revokeAtIssuer },
  'cloudflare-token': { label: 'Cloudflare API token', severity: 'high', revoke: revokeAtIssuer },
  'tailscale-key': { label: 'Tailscale key', severity: 'high', revoke: revokeAtIssuer },
  jwt: {
    label: 'JSON Web Token',
    severity: 'high',
    revoke: 'invalidate it (rotate the signing key if it does not expire soon)',
  },
  'bearer-token': { label: 'Bearer token', severity: 'high', revoke: revokeAtIssuer },
  'database-password': {
    label: 'Database password',
    severity: 'high',
    revoke: 'change the database password',
  },
  'url-password': { label: 'Password in a URL', severity: 'high', revoke: 'change the password' },
  password: { label: 'Password', severity: 'high', revoke: 'change the password' },
  token: { label: 'Token', severity: 'high', revoke: revokeAtIssuer },
  'api-key': { label: 'API key', severity: 'high', revoke: revokeAtIssuer },
  secret: { label: 'Secret', severity: 'high', revoke: revokeAtIssuer },
  'unscanned-text': { label: 'Unscanned text', severity: 'high', revoke: revokeAtIssuer },
} as const satisfies Record<string, SecretKind>;

export type SecretKindName = keyof typeof secretKinds;

/** What a model sees where a secret was: stable, the same for every secret of a kind. */
export function placeholderFor(kind: SecretKindName): string {
  return `[REDACTED:${kind}]`;
}
