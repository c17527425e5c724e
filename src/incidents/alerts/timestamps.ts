import { z } from 'zod';

/** Go's zero `time.Time`, `0001-01-01T00:00:00Z`: what Alertmanager sends as the end of an alert with none. */
export const goZeroTimeMs = -62_135_596_800_000;

const pattern =
  /^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2}):(\d{2})(?:[.,](\d{1,9}))?(?:([Zz])|([+-])(\d{2}):?(\d{2}))$/;
const daysInMonth = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/**
 * Milliseconds of an RFC 3339 time (`2024-05-01T12:00:00.123456789Z`, `…+02:00`; also `+0200`, which
 * PagerDuty's examples use), or undefined when `text` is not one. Digits past milliseconds are dropped.
 */
export function parseTimestamp(text: string): number | undefined {
  if (text.length > 64) return undefined;
  const match = pattern.exec(text);
  if (match === null) return undefined;
  const [, year, month, day, hour, minute, second, fraction, zulu, sign, offsetHours, offsetMinutes] =
    match.map((part) => part ?? '');
  const y = Number(year);
  const mo = Number(month);
  const d = Number(day);
  const h = Number(hour);
  const mi = Number(minute);
  const s = Number(second);
  if (y < 1 || mo < 1 || mo > 12 || d < 1 || d > daysInMonth[mo - 1]!) return undefined;
  if (mo === 2 && d === 29 && !(y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0))) return undefined;
  if (h > 23 || mi > 59 || s > 59) return undefined;
  let offset = 0;
  if (zulu === '') {
    const oh = Number(offsetHours);
    const om = Number(offsetMinutes);
    if (oh > 23 || om > 59) return undefined;
    offset = (sign === '-' ? -1 : 1) * (oh * 60 + om) * 60_000;
  }
  const date = new Date(0);
  date.setUTCFullYear(y, mo - 1, d);
  date.setUTCHours(h, mi, s, Number(fraction!.padEnd(3, '0').slice(0, 3)));
  return date.getTime() - offset;
}

/** An RFC 3339 time, read as milliseconds since the epoch. */
export const timestamp = z
  .string({ error: 'expected an RFC 3339 time such as "2024-05-01T12:00:00Z"' })
  .transform((text, context) => {
    const ms = parseTimestamp(text);
    if (ms === undefined) {
      context.addIssue({
        code: 'custom',
        message: `expected an RFC 3339 time such as "2024-05-01T12:00:00Z", got ${JSON.stringify(text.slice(0, 40))}`,
      });
      return z.NEVER;
    }
    return ms;
  });
