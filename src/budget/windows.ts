/** Budget windows. Counters are keyed by the window a call started in, so nothing ever resets them. */
export const windowKinds = ['day', 'month', 'lifetime'] as const;
export type WindowKind = (typeof windowKinds)[number];

interface LocalDate {
  year: number;
  month: number;
  day: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function localDate(time: number, timeZone: string): LocalDate {
  let formatter = formatters.get(timeZone);
  if (formatter === undefined) {
    formatter = new Intl.DateTimeFormat('en-CA', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
    });
    formatters.set(timeZone, formatter);
  }
  const parts = formatter.formatToParts(time);
  const part = (type: string) => Number(parts.find((candidate) => candidate.type === type)?.value);
  return { year: part('year'), month: part('month'), day: part('day') };
}

const pad = (value: number) => String(value).padStart(2, '0');

/** The key of the window of `kind` that contains `time` in `timeZone`: `day:2026-11-25`, `month:2026-11`, `lifetime`. */
export function windowKey(kind: WindowKind, time: number, timeZone: string): string {
  if (kind === 'lifetime') return 'lifetime';
  const { year, month, day } = localDate(time, timeZone);
  return kind === 'day' ? `day:${year}-${pad(month)}-${pad(day)}` : `month:${year}-${pad(month)}`;
}

/** The instant the window of `kind` containing `time` ends (local midnight / first of next month), or undefined for lifetime. */
export function windowEnd(kind: WindowKind, time: number, timeZone: string): number | undefined {
  if (kind === 'lifetime') return undefined;
  const { year, month, day } = localDate(time, timeZone);
  const next = kind === 'day' ? Date.UTC(year, month - 1, day + 1) : Date.UTC(year, month, 1);
  return instantOfLocalMidnight(next, timeZone);
}

/** Finds the instant whose local wall time in `timeZone` is the UTC-encoded midnight `wall`. */
function instantOfLocalMidnight(wall: number, timeZone: string): number {
  let guess = wall;
  for (let attempt = 0; attempt < 3; attempt++) {
    const offset = offsetAt(guess, timeZone);
    const candidate = wall - offset;
    if (candidate === guess) break;
    guess = candidate;
  }
  return guess;
}

const offsetFormatters = new Map<string, Intl.DateTimeFormat>();

function offsetAt(time: number, timeZone: string): number {
  let formatter = offsetFormatters.get(timeZone);
  if (formatter === undefined) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    offsetFormatters.set(timeZone, formatter);
  }
  const parts = Object.fromEntries(
    formatter.formatToParts(time).map((part) => [part.type, Number(part.value)]),
  );
  const asUtc = Date.UTC(
    parts.year!,
    parts.month! - 1,
    parts.day!,
    parts.hour!,
    parts.minute!,
    parts.second!,
  );
  return asUtc - Math.floor(time / 1000) * 1000;
}
