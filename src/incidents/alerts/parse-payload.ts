import type { z } from 'zod';
import { AlertPayloadError, type AlertPayloadIssue, shorten } from './payload-error.ts';

/** Parses `body` with `schema`, or throws an AlertPayloadError naming each bad field. */
export function parsePayload<Schema extends z.ZodType>(
  source: string,
  schema: Schema,
  body: unknown,
  prefix: readonly (string | number)[] = [],
): z.output<Schema> {
  const parsed = schema.safeParse(body);
  if (parsed.success) return parsed.data;
  throw new AlertPayloadError(
    source,
    parsed.error.issues.map(
      (issue): AlertPayloadIssue => ({
        path: pathOf([...prefix, ...issue.path]),
        message: issue.message,
      }),
    ),
  );
}

/** `alerts.3.labels`: segments joined by dots, each shortened (a hostile name may be megabytes long). */
export function pathOf(path: readonly PropertyKey[]): string {
  return path.map((segment) => shorten(String(segment))).join('.');
}

/** Throws when `body.<field>` is a list longer than `max`: checked before validating each element. */
export function refuseLongList(
  source: string,
  body: unknown,
  field: string,
  max: number,
  what: string,
): void {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) return;
  const list = (body as Record<string, unknown>)[field];
  if (Array.isArray(list) && list.length > max) {
    throw new AlertPayloadError(source, [
      { path: field, message: `${list.length} ${what}; at most ${max} are accepted in one body` },
    ]);
  }
}
