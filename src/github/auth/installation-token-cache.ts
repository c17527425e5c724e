/**
 * The token cache handed to `@octokit/auth-app`: keeps an installation token until `marginMs` before
 * the expiry GitHub gave it (its own default keeps tokens 59 minutes, whatever their expiry).
 * auth-app stores `token|createdAt|expiresAt|…` strings; the expiry is read from the third field.
 */
export function installationTokenCache(options: { marginMs?: number; now?: () => number } = {}) {
  const marginMs = options.marginMs ?? 5 * 60_000;
  const now = options.now ?? Date.now;
  const entries = new Map<string, string>();
  return {
    async get(key: string): Promise<string | undefined> {
      const value = entries.get(key);
      if (value === undefined) return undefined;
      const expiresAt = Date.parse(value.split('|')[2] ?? '');
      if (Number.isNaN(expiresAt) || now() >= expiresAt - marginMs) {
        entries.delete(key);
        return undefined;
      }
      return value;
    },
    async set(key: string, value: string): Promise<void> {
      entries.set(key, value);
    },
  };
}
