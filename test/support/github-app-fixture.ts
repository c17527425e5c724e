import { generateKeyPairSync } from 'node:crypto';

/** A GitHub App identity for tests: its id and an RSA key pair (the private key as Steward reads it). */
export function testGitHubApp(id = 4242): { id: number; privateKeyPem: string; publicKeyPem: string } {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return {
    id,
    privateKeyPem: privateKey.export({ type: 'pkcs1', format: 'pem' }).toString(),
    publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
  };
}

/** Waits until `check` holds, polling; fails with `what` after `limitMs` (a hang guard, not a timing claim). */
export async function waitFor(
  check: () => Promise<boolean> | boolean,
  what: string,
  limitMs = 30_000,
): Promise<void> {
  const deadline = Date.now() + limitMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`gave up waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}
