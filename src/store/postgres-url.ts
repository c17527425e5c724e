import { StoreError } from '../errors/index.ts';

/** Parses a PostgreSQL URL, refusing anything else; the error never repeats the URL, which may hold a password. */
export function parsePostgresUrl(databaseUrl: string, source: string): URL {
  if (!URL.canParse(databaseUrl)) {
    throw new StoreError(`${source} is not a valid URL`, {
      hint: `set ${source} to postgres://USER:PASSWORD@HOST:PORT/DATABASE, or unset it to use the embedded SQLite database`,
    });
  }
  const url = new URL(databaseUrl);
  if (url.protocol !== 'postgres:' && url.protocol !== 'postgresql:') {
    throw new StoreError(`${source} must be a postgres:// URL, not ${url.protocol}//`, {
      hint: `set ${source} to postgres://USER:PASSWORD@HOST:PORT/DATABASE, or unset it to use the embedded SQLite database`,
    });
  }
  return url;
}

/** The URL without its password (in the authority or as a `password` parameter): safe to log and show. */
export function redactPostgresUrl(url: URL): string {
  const redacted = new URL(url);
  redacted.password = '';
  redacted.searchParams.delete('password');
  return redacted.toString();
}

/** `host:port/database` of a PostgreSQL URL, for messages. */
export function describePostgresTarget(url: URL): string {
  const host = url.hostname === '' ? 'localhost' : url.hostname;
  const port = url.port === '' ? '5432' : url.port;
  const database = decodeUrlPart(url.pathname.slice(1)) || decodeUrlPart(url.username) || 'postgres';
  return `${host}:${port}/${database}`;
}

/** A percent-encoded URL part, decoded; as is when its escapes are malformed. */
export function decodeUrlPart(part: string): string {
  try {
    return decodeURIComponent(part);
  } catch {
    return part;
  }
}
