import { StoreError } from '../errors/index.ts';
import { decodeUrlPart, describePostgresTarget } from './postgres-url.ts';

/** What to check, by pg or Node error code. */
const advice: Record<string, string> = {
  ECONNREFUSED: 'is the server running and listening there?',
  ENOTFOUND: 'is the host name right?',
  EAI_AGAIN: 'is the host name right and DNS reachable?',
  ETIMEDOUT: 'is the host reachable (firewall, network)?',
  EHOSTUNREACH: 'is the host reachable (firewall, network)?',
  ECONNRESET: 'does the server expect TLS (sslmode) or is a proxy in the way?',
  '28P01': 'check the user name and password',
  '28000': 'check the user name and the server’s pg_hba.conf',
  '3D000': 'create the database (createdb) or fix its name',
  '57P03': 'the server is starting up or shutting down; try again shortly',
  '53300': 'the server has no free connection slots; raise max_connections or lower the pool sizes',
};

/**
 * A StoreError for a failure to reach or use PostgreSQL, naming the server and what to check.
 * The password is removed from anything taken over from the driver.
 */
export function postgresConnectionError(error: unknown, url: URL, source?: string): StoreError {
  const code = (error as { code?: unknown }).code;
  const reason = describeReason(error, code);
  const check = typeof code === 'string' ? advice[code] : undefined;
  const origin = source == null ? '' : ` (${source})`;
  const message = `cannot connect to PostgreSQL at ${describePostgresTarget(url)}${origin}: ${reason}${
    check == null ? '' : ` — ${check}`
  }`;
  return new StoreError(withoutPassword(message, url), {
    hint:
      source == null
        ? 'check the database URL and that the server is reachable'
        : `fix ${source}, or unset it to use the embedded SQLite database`,
  });
}

function describeReason(error: unknown, code: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  if (typeof code === 'string' && /^E[A-Z]+$/.test(code)) {
    return code;
  }
  if (/timeout/i.test(message)) {
    return 'timed out — is the host reachable (firewall, network)?';
  }
  return message === '' ? 'unknown error' : message;
}

function withoutPassword(text: string, url: URL): string {
  const passwords = [url.password, decodeUrlPart(url.password), url.searchParams.get('password') ?? ''];
  return passwords
    .filter((password) => password !== '')
    .reduce((result, password) => result.replaceAll(password, '***'), text);
}
