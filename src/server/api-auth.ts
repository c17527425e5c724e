import type { MiddlewareHandler } from 'hono';
import { sameSecret } from './source-auth.ts';

/** Who called the API: the operator token (`STEWARD_API_TOKEN`) or a person's approver token. */
export type ApiCaller = { role: 'operator' } | { role: 'approver'; person: string };

export type ApiVariables = { caller: ApiCaller };

/**
 * Reads `STEWARD_APPROVER_TOKENS` (`name=token,name=token`) into token → person. The environment
 * schema has already checked the format.
 */
export function parseApproverTokens(value: string | undefined): Map<string, string> {
  const tokens = new Map<string, string>();
  for (const entry of (value ?? '').split(',')) {
    const trimmed = entry.trim();
    const equals = trimmed.indexOf('=');
    if (equals <= 0) continue;
    tokens.set(trimmed.slice(equals + 1), trimmed.slice(0, equals));
  }
  return tokens;
}

/**
 * `Authorization: Bearer <token>` for the whole API, compared in constant time against the operator
 * token and every approver token. The caller is set on the context: operators read and propose,
 * approvers also decide (as the person their token names). 503 when no token is configured.
 */
export function apiAuth(options: {
  apiToken: string | undefined;
  approverTokens: ReadonlyMap<string, string>;
}): MiddlewareHandler<{ Variables: ApiVariables }> {
  const candidates: [string, ApiCaller][] = [];
  if (options.apiToken !== undefined && options.apiToken !== '')
    candidates.push([options.apiToken, { role: 'operator' }]);
  for (const [token, person] of options.approverTokens)
    candidates.push([token, { role: 'approver', person }]);
  return async (context, next) => {
    if (candidates.length === 0) {
      return context.json(
        { error: 'the API is disabled: set STEWARD_API_TOKEN (or STEWARD_APPROVER_TOKENS) on the server' },
        503,
      );
    }
    const header = context.req.header('authorization');
    if (header === undefined) {
      return context.json({ error: 'missing Authorization: Bearer <STEWARD_API_TOKEN>' }, 401, {
        'WWW-Authenticate': 'Bearer',
      });
    }
    const match = /^Bearer +([^\s]+) *$/i.exec(header);
    if (match === null) {
      return context.json({ error: 'the Authorization header is not "Bearer <token>"' }, 400);
    }
    const given = match[1]!;
    let caller: ApiCaller | undefined;
    for (const [token, who] of candidates) {
      // Compare with every candidate, so the time taken does not say which one matched.
      if (sameSecret(given, token) && caller === undefined) caller = who;
    }
    if (caller === undefined) {
      return context.json({ error: 'the bearer token is not valid' }, 401, { 'WWW-Authenticate': 'Bearer' });
    }
    context.set('caller', caller);
    await next();
  };
}
