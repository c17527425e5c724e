import type { FileChange, Hunk } from '../change-set.ts';
import type { Finding } from '../finding.ts';
import type { Detection } from './detection.ts';
import { lineSpansOf, type ScanText } from './scan-text.ts';
import { secretFinding } from './secret-finding.ts';
import { placeholderFor, type SecretKindName } from './secret-kinds.ts';

interface Interval {
  from: number;
  to: number;
  /** Index of the detection it came from. */
  detection: number;
}

/**
 * Applies a file's detections: every stretch of every line a detection covers (added, removed and
 * context lines, and section headers alike) is replaced by the placeholder of its secret's kind,
 * and every reportable secret that covers added lines becomes one finding on those lines.
 *
 * Detections that overlap on a line are one secret (secretlint and Steward's rules often find the
 * same token). Its highest-ranked detection names it and says whether it is reported: a sample JWT
 * after `Bearer` is the sample, not a bearer token. A secret that spans lines (a PEM key) is one
 * finding from its first added line to the last of the added lines that follow it.
 */
export function redactFile(
  file: FileChange,
  scan: ScanText,
  detections: readonly Detection[],
): { file: FileChange; findings: Finding[] } {
  const byLine = new Map<string, Interval[]>();
  const linesOf: { hunk: number; line: number }[][] = detections.map(() => []);
  detections.forEach((detection, index) => {
    for (const span of lineSpansOf(scan, detection.start, detection.end)) {
      const key = `${span.hunk}:${span.line}`;
      let intervals = byLine.get(key);
      if (intervals === undefined) {
        intervals = [];
        byLine.set(key, intervals);
      }
      intervals.push({ from: span.from, to: span.to, detection: index });
      linesOf[index]!.push({ hunk: span.hunk, line: span.line });
    }
  });
  for (const { hunk, line, column } of scan.unscanned) {
    const intervals = byLine.get(`${hunk}:${line}`) ?? [];
    intervals.push({ from: column, to: Number.POSITIVE_INFINITY, detection: -1 });
    byLine.set(`${hunk}:${line}`, intervals);
  }

  // One secret per group of overlapping detections.
  const parent = detections.map((_, index) => index);
  const root = (index: number): number => {
    while (parent[index] !== index) {
      parent[index] = parent[parent[index]!]!;
      index = parent[index]!;
    }
    return index;
  };
  const merged = new Map<string, Interval[]>();
  for (const [key, intervals] of byLine) {
    intervals.sort((a, b) => a.from - b.from || b.to - a.to);
    const result: Interval[] = [];
    for (const interval of intervals) {
      const last = result.at(-1);
      if (last !== undefined && interval.from < last.to) {
        last.to = Math.max(last.to, interval.to);
        if (last.detection >= 0 && interval.detection >= 0)
          parent[root(interval.detection)] = root(last.detection);
        else if (last.detection < 0) last.detection = interval.detection;
      } else {
        result.push({ ...interval });
      }
    }
    merged.set(key, result);
  }
  const best = new Map<number, number>();
  detections.forEach((detection, index) => {
    const group = root(index);
    const current = best.get(group);
    if (current === undefined || outranks(detection, detections[current]!)) best.set(group, index);
  });
  const kindOf = (detection: number): SecretKindName =>
    detection < 0 ? 'unscanned-text' : detections[best.get(root(detection))!]!.kind;

  const hunks = file.hunks.map((hunk, hunkIndex): Hunk => {
    const sectionIntervals = merged.get(`${hunkIndex}:-1`);
    const lines = hunk.lines.map((line, lineIndex) => {
      const intervals = merged.get(`${hunkIndex}:${lineIndex}`);
      return intervals === undefined ? line : line[0] + replaced(line.slice(1), intervals, kindOf);
    });
    const section =
      sectionIntervals === undefined ? hunk.section : replaced(hunk.section, sectionIntervals, kindOf);
    return { ...hunk, section, lines };
  });

  const members = new Map<number, number[]>();
  detections.forEach((_, index) => {
    const group = root(index);
    const list = members.get(group);
    if (list === undefined) members.set(group, [index]);
    else list.push(index);
  });
  const newLines = file.hunks.map(newLineNumbers);
  const findings: Finding[] = [];
  for (const [group, list] of members) {
    const kind = detections[best.get(group)!]!;
    if (!kind.report) continue;
    const added = new Set<number>();
    for (const member of list) {
      for (const { hunk, line } of linesOf[member]!) {
        const number = line < 0 ? undefined : newLines[hunk]![line];
        if (number !== undefined) added.add(number);
      }
    }
    if (added.size === 0) continue;
    const sorted = [...added].sort((a, b) => a - b);
    let endLine = sorted[0]!;
    for (const line of sorted) if (line === endLine + 1) endLine = line;
    findings.push(secretFinding(file.path, sorted[0]!, endLine, kind.kind));
  }
  findings.sort((a, b) => a.startLine - b.startLine);
  return { file: { ...file, hunks }, findings };
}

function outranks(detection: Detection, other: Detection): boolean {
  if (detection.rank !== other.rank) return detection.rank > other.rank;
  return detection.end - detection.start > other.end - other.start;
}

function replaced(
  text: string,
  intervals: readonly Interval[],
  kindOf: (detection: number) => SecretKindName,
): string {
  let result = '';
  let position = 0;
  for (const { from, to, detection } of intervals) {
    if (from >= text.length) break;
    result += text.slice(position, from) + placeholderFor(kindOf(detection));
    position = Math.min(to, text.length);
  }
  return result + text.slice(position);
}

/** For each line of a hunk, its new-side line number if it is an added line. */
function newLineNumbers(hunk: Hunk): (number | undefined)[] {
  let line = hunk.newStart;
  return hunk.lines.map((text) => {
    if (text.startsWith('+')) return line++;
    if (!text.startsWith('-')) line++;
    return undefined;
  });
}
