import type { FileChange } from '../change-set.ts';

/** Lines of new-side text looked at when the head version cannot be read. */
const maximumLines = 2000;

/** The start of the file at the head as the first hunk shows it, when that hunk starts at line 1. */
export function fileStartText(file: FileChange): string | undefined {
  const first = file.hunks[0];
  if (first === undefined || first.newStart > 1) return undefined;
  const lines: string[] = [];
  for (const line of first.lines) {
    if (!line.startsWith('-')) lines.push(line.slice(1));
    if (lines.length >= maximumLines) break;
  }
  return lines.join('\n');
}

/** The lines a change adds, without their `+`. */
export function addedText(file: FileChange): string {
  const lines: string[] = [];
  for (const hunk of file.hunks) {
    for (const line of hunk.lines) {
      if (!line.startsWith('+')) continue;
      lines.push(line.slice(1));
      if (lines.length >= maximumLines) return lines.join('\n');
    }
  }
  return lines.join('\n');
}
