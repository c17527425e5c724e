import { lintSource } from '@secretlint/core';
import { rules } from '@secretlint/secretlint-rule-preset-recommend';
import type { SecretLintCoreConfig, SecretLintCoreResultMessage } from '@secretlint/types';
import type { Detection } from './detection.ts';
import type { SecretKindName } from './secret-kinds.ts';
import { isPlaceholderValue } from './secret-value.ts';

const rulePrefix = '@secretlint/secretlint-rule-';

/**
 * secretlint's recommended preset, rule by rule, except two:
 * - `filter-comments`, so that a `secretlint-disable` comment in a diff cannot keep a secret from
 *   being redacted (and `disabled` on a preset's rule is not honoured by @secretlint/core 13.1, so
 *   the rules are listed one by one rather than through the preset);
 * - `gcp`, which reads `.p12` files from disk by path and, for JSON, reports the whole file: a
 *   service account's private key is found by the private-key rules instead.
 * AWS access key ids are left to Steward's token rules: secretlint's `enableIDScanRule` also scans
 * for account ids, which are not secrets, at a cost.
 */
const config = {
  rules: rules
    .filter((rule) => rule.meta.id !== `${rulePrefix}filter-comments` && rule.meta.id !== `${rulePrefix}gcp`)
    .map((rule) => ({ id: rule.meta.id, rule })),
} as SecretLintCoreConfig;

const kindByMessage: Record<string, SecretKindName> = {
  AWSAccessKeyID: 'aws-access-key',
  AWSSecretAccessKey: 'aws-secret-key',
  PackageJSON_xOauthToken: 'github-token',
  Npmrc_authToken: 'npm-token',
  NPM_ACCESS_TOKEN: 'npm-token',
  SLACK_TOKEN: 'slack-token',
  IncomingWebhook: 'slack-webhook',
  BasicAuth: 'url-password',
  OPENAI_TOKEN: 'openai-key',
  ANTHROPIC_API_KEY: 'anthropic-key',
  GROQ_API_KEY: 'groq-key',
  HUGGINGFACE_USER_ACCESS_TOKEN: 'huggingface-token',
  LINEAR_API_TOKEN: 'linear-key',
  NOTION_INTEGRATION_TOKEN: 'notion-token',
  PrivateKey: 'private-key',
  SENDGRID_KEY: 'sendgrid-key',
  SHOPIFY_KEY: 'shopify-token',
  GITHUB_TOKEN: 'github-token',
  GITLAB_PERSONAL_ACCESS_TOKEN: 'gitlab-token',
  OPS_TOKEN: 'onepassword-token',
  MongoDBConnection: 'database-password',
  MySQLConnection: 'database-password',
  PostgreSQLConnection: 'database-password',
};

const kindByRule: Record<string, SecretKindName> = {
  stripe: 'stripe-key',
  grafana: 'grafana-token',
  'hashicorp-vault': 'vault-token',
  vercel: 'vercel-token',
  databricks: 'databricks-token',
  docker: 'docker-token',
  figma: 'figma-token',
  cloudflare: 'cloudflare-token',
  tailscale: 'tailscale-key',
};

/**
 * Where the secret itself lies, for the messages whose range is not it: secretlint 13 reports the
 * AWS secret key, the npm `_authToken` and the `x-oauth-basic` token with the range of the whole
 * match cut to the length of the secret, and connection strings with the whole URL. Group 1 of the
 * pattern, searched from the reported start to the end of its line, is the secret.
 */
const secretWithin: Record<string, RegExp> = {
  AWSSecretAccessKey:
    /(?:SECRET|secret|Secret)_?(?:ACCESS|access|Access)_?(?:KEY|key|Key)["']?\s*(?::|=>|=)\s*["']?([A-Za-z0-9/+=]{40})/d,
  Npmrc_authToken: /_authToken=([^\s"']+)/d,
  PackageJSON_xOauthToken: /:\/\/([^:\s]{1,256}):x-oauth-basic@/d,
  BasicAuth: /:\/\/[^:/\s@]{1,256}:([^@/\s]{1,256})@/d,
  MongoDBConnection: /:\/\/[^:/\s@]{1,100}:([^@/\s]{1,200})@/d,
  MySQLConnection: /:\/\/[^:/\s@]{1,100}:([^@/\s]{1,200})@/d,
  PostgreSQLConnection: /:\/\/[^:/\s@]{1,100}:([^@/\s]{1,200})@/d,
};

/** Messages whose secret is the password of a URL, which may be a placeholder (`user:pass@`, `${DB_PASSWORD}`). */
const passwordMessages = new Set([
  'BasicAuth',
  'MongoDBConnection',
  'MySQLConnection',
  'PostgreSQLConnection',
]);

/** Characters a token is made of: a reported range that stops among them is extended to the token's end. */
const tokenCharacter = /[A-Za-z0-9+/=_-]/;

/** Texts are linted together, up to this many characters a call: one call costs about 0.2 ms. */
const batchCharacters = 1 << 20;
/** Between texts of a batch: a line no secret pattern reads across. */
const separator = '\n~\n';

/** Secrets secretlint finds in each text, in the texts' order. */
export async function scanWithSecretlint(texts: readonly string[]): Promise<Detection[][]> {
  const found: Detection[][] = texts.map(() => []);
  let batch: { index: number; start: number }[] = [];
  let parts: string[] = [];
  let length = 0;
  const flush = async () => {
    if (batch.length === 0) return;
    const content = parts.join(separator);
    const result = await lintSource({
      source: { content, filePath: 'changes.diff', contentType: 'text' },
      options: { config, maskSecrets: true, noPhysicFilePath: true },
    });
    for (const message of result.messages) {
      for (const { index, start } of batch) {
        const text = texts[index]!;
        const detection = detectionOf(message, content, start, start + text.length);
        if (detection !== undefined) found[index]!.push(detection);
      }
    }
    batch = [];
    parts = [];
    length = 0;
  };
  for (const [index, text] of texts.entries()) {
    if (text === '') continue;
    if (length > 0 && length + text.length > batchCharacters) await flush();
    batch.push({ index, start: length });
    parts.push(text);
    length += text.length + separator.length;
  }
  await flush();
  return found;
}

/** A message as a detection in the text at [textStart, textEnd) of the batch, if it falls there. */
function detectionOf(
  message: SecretLintCoreResultMessage,
  content: string,
  textStart: number,
  textEnd: number,
): Detection | undefined {
  let [start, end] = message.range;
  if (end <= textStart || start >= textEnd) return undefined;
  const within = secretWithin[message.messageId];
  const lineEnd = content.indexOf('\n', start) === -1 ? content.length : content.indexOf('\n', start);
  const refined = within?.exec(content.slice(start, Math.max(end, lineEnd)))?.indices?.[1];
  if (refined !== undefined) {
    [start, end] = [start + refined[0], start + refined[1]];
    const value = content.slice(start, end);
    if (value === 'x-oauth-basic' || (passwordMessages.has(message.messageId) && isPlaceholderValue(value))) {
      return undefined;
    }
  } else {
    const limit = Math.min(content.length, end + 512);
    while (end < limit && tokenCharacter.test(content[end]!)) end++;
  }
  start = Math.max(start, textStart);
  end = Math.min(end, textEnd);
  if (end <= start) return undefined;
  const rule = message.ruleId.startsWith(rulePrefix)
    ? message.ruleId.slice(rulePrefix.length)
    : message.ruleId;
  const kind = kindByMessage[message.messageId] ?? kindByRule[rule] ?? 'secret';
  return { kind, start: start - textStart, end: end - textStart, report: true, rank: 3 };
}
