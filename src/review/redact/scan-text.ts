import type { FileChange } from '../change-set.ts';

/** One piece of a file's scan text: a hunk line's content (or a section header), or a window of a long one. */
export interface ScanPiece {
  hunk: number;
  /** Index in `hunk.lines`, or -1 for the hunk's section header. */
  line: number;
  /** Where the piece starts in the line's content (after its `+`, `-` or ` `) or in the section. */
  column: number;
  /** Offset of the piece in the scan text. */
  start: number;
  length: number;
}

/**
 * The text secrets are looked for in: every hunk's section header and lines, without their `+`, `-`
 * or ` ` (so a key's lines read as in the file), one per line. Only the hunks are scanned, never
 * the files. A line longer than `windowLength` is scanned in overlapping windows, which bounds the
 * work any one pattern does; text beyond `maximumScannedLength` of one line is not scanned at all
 * (the caller replaces it).
 */
export interface ScanText {
  text: string;
  pieces: ScanPiece[];
  /** Lines cut at `maximumScannedLength`: the text from `column` on was not scanned. */
  unscanned: { hunk: number; line: number; column: number }[];
}

/** Windows of long lines, and their overlap: any secret up to `windowOverlap` long lies whole in one window. */
export const windowLength = 4096;
export const windowOverlap = 1024;
export const maximumScannedLength = 1_000_000;

/** The scan text of a file's hunks. */
export function scanTextOf(file: FileChange): ScanText {
  const parts: string[] = [];
  const pieces: ScanPiece[] = [];
  const unscanned: ScanText['unscanned'] = [];
  let offset = 0;
  const add = (hunk: number, line: number, content: string) => {
    const scanned = content.length > maximumScannedLength ? content.slice(0, maximumScannedLength) : content;
    if (scanned.length < content.length) unscanned.push({ hunk, line, column: maximumScannedLength });
    if (scanned.length <= windowLength) {
      pieces.push({ hunk, line, column: 0, start: offset, length: scanned.length });
      parts.push(scanned);
      offset += scanned.length + 1;
      return;
    }
    for (let column = 0; column < scanned.length; column += windowLength - windowOverlap) {
      const window = scanned.slice(column, column + windowLength);
      pieces.push({ hunk, line, column, start: offset, length: window.length });
      parts.push(window);
      offset += window.length + 1;
      if (column + windowLength >= scanned.length) break;
    }
  };
  file.hunks.forEach((hunk, hunkIndex) => {
    if (hunk.section !== '') add(hunkIndex, -1, hunk.section);
    hunk.lines.forEach((line, lineIndex) => {
      add(hunkIndex, lineIndex, line.slice(1));
    });
  });
  return { text: parts.join('\n'), pieces, unscanned };
}

/** A stretch of one line (content columns, end exclusive) that a scan-text range covers. */
export interface LineSpan {
  hunk: number;
  line: number;
  from: number;
  to: number;
}

/** The line stretches that the scan-text range [start, end) covers, in scan order. */
export function lineSpansOf(scan: ScanText, start: number, end: number): LineSpan[] {
  const { pieces } = scan;
  let low = 0;
  let high = pieces.length;
  while (low < high) {
    const middle = (low + high) >> 1;
    const piece = pieces[middle]!;
    if (piece.start + piece.length <= start) low = middle + 1;
    else high = middle;
  }
  const spans: LineSpan[] = [];
  for (let index = low; index < pieces.length; index++) {
    const piece = pieces[index]!;
    if (piece.start >= end) break;
    const from = Math.max(start, piece.start) - piece.start;
    const to = Math.min(end, piece.start + piece.length) - piece.start;
    if (to > from)
      spans.push({ hunk: piece.hunk, line: piece.line, from: piece.column + from, to: piece.column + to });
  }
  return spans;
}
