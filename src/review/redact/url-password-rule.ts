import type { Detection } from './detection.ts';
import { isPlaceholderValue } from './secret-value.ts';

const credentialUrl = /\b([a-z][a-z0-9+.-]{1,30}):\/\/([^\s:@/'"`<>]{0,128}):([^\s@/'"`<>]{1,256})@/dgi;
const databaseSchemes =
  /^(?:postgres(?:ql)?|mysql|mysqlx|mariadb|mongodb(?:\+srv)?|redis|rediss|mssql|sqlserver|oracle|cockroachdb|clickhouse|couchdb|neo4j(?:\+s)?|jdbc:.*)$/i;

/**
 * Passwords in URLs (`scheme://user:password@host`): only the password is a secret, so the user,
 * host and database stay readable. `https://TOKEN:x-oauth-basic@github.com` holds the token as the user.
 */
export function findUrlPasswords(text: string): Detection[] {
  const detections: Detection[] = [];
  if (!text.includes('://')) return detections;
  for (const match of text.matchAll(credentialUrl)) {
    const [, scheme = '', user = '', password = ''] = match;
    const indices = match.indices;
    if (indices === undefined) continue;
    if (password === 'x-oauth-basic') {
      const span = indices[2];
      if (span !== undefined && user.length >= 8)
        detections.push({ kind: 'token', start: span[0], end: span[1], report: true, rank: 1 });
      continue;
    }
    const span = indices[3];
    if (span === undefined || isPlaceholderValue(password, user)) continue;
    const kind = databaseSchemes.test(scheme) ? 'database-password' : 'url-password';
    detections.push({ kind, start: span[0], end: span[1], report: true, rank: 1 });
  }
  return detections;
}
