import { styleText } from 'node:util';
import type { Severity } from '../finding.ts';

type Format = Parameters<typeof styleText>[0];

/** Applies ANSI styles when colour is on; otherwise returns the text unchanged. */
export type Stylist = (format: Format, text: string) => string;

export function stylist(color: boolean): Stylist {
  // validateStream: false — whether to colour is the caller's decision, not the current process's stdout.
  return color
    ? (format, text) => styleText(format, text, { validateStream: false })
    : (_format, text) => text;
}

export const severityStyles: Record<Severity, Format> = {
  critical: ['red', 'bold'],
  high: 'red',
  medium: 'yellow',
  low: 'cyan',
  info: 'gray',
};
