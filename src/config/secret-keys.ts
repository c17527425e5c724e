import type { DescribedIssue } from './describe-issue.ts';

const secretKey =
  /^(api_?key|token|secret|password|private_key|webhook_secret|database_url|.+_(api_key|token|secret|password))$/i;

/** Where each kind of secret comes from instead of the file. */
function variableFor(path: readonly (string | number)[]): string {
  const joined = path.join('.').toLowerCase();
  if (joined.includes('openai')) return 'OPENAI_API_KEY';
  if (joined.includes('anthropic')) return 'ANTHROPIC_API_KEY';
  if (joined.includes('database')) return 'DATABASE_URL';
  if (joined.includes('webhook')) return 'GITHUB_WEBHOOK_SECRET';
  if (joined.includes('private_key')) return 'GITHUB_PRIVATE_KEY';
  if (joined.startsWith('providers.compatible.')) return 'the variable named by its api_key_env';
  return 'an environment variable';
}

/**
 * Finds keys that hold secrets and removes them from `data`: secrets are read from the environment only,
 * so that a committed .steward.yml can never leak one.
 */
export function extractSecretKeys(data: unknown, path: (string | number)[] = []): DescribedIssue[] {
  if (data === null || typeof data !== 'object') return [];
  const issues: DescribedIssue[] = [];
  for (const [key, value] of Object.entries(data)) {
    const keyPath = [...path, Array.isArray(data) ? Number(key) : key];
    if (!Array.isArray(data) && secretKey.test(key)) {
      issues.push({
        path: keyPath,
        atKey: true,
        message: `secrets are read from the environment only: remove this key and set ${variableFor(keyPath)}`,
      });
      delete (data as Record<string, unknown>)[key];
    } else {
      issues.push(...extractSecretKeys(value, keyPath));
    }
  }
  return issues;
}
