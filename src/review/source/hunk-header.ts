/** The numbers and section text of a `@@ -a,b +c,d @@ section` line. */
export interface HunkHeader {
  oldStart: number;
  oldLines: number;
  newStart: number;
  newLines: number;
  section: string;
}

const pattern = /^@@ -(\d+)(?:,(\d+))? \+(\d+)(?:,(\d+))? @@ ?(.*)$/;

/** Reads a hunk header; a count left out means 1. Undefined when the line is not one. */
export function parseHunkHeader(line: string): HunkHeader | undefined {
  const match = pattern.exec(line);
  if (match === null) return undefined;
  const numbers = [match[1], match[2] ?? '1', match[3], match[4] ?? '1'].map(Number);
  if (!numbers.every(Number.isSafeInteger)) return undefined;
  const [oldStart, oldLines, newStart, newLines] = numbers as [number, number, number, number];
  return { oldStart, oldLines, newStart, newLines, section: match[5] ?? '' };
}
