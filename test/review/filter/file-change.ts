import type { FileChange, FileStatus } from '../../../src/review/change-set.ts';

export interface ChangeOptions {
  status?: FileStatus;
  /** Hunk lines, each starting with ' ', '+' or '-'; one hunk. */
  lines?: string[];
  newStart?: number;
  binary?: boolean;
  oldPath?: string;
  oldMode?: string;
  newMode?: string;
  /** Overrides the counts taken from `lines`. */
  additions?: number;
  deletions?: number;
}

/** A file change with one hunk built from `lines` (an added one-line file by default). */
export function change(path: string, options: ChangeOptions = {}): FileChange {
  const status = options.status ?? 'added';
  const lines = options.lines ?? (status === 'deleted' ? ['-gone'] : ['+export const value = 1;']);
  const additions = lines.filter((line) => line.startsWith('+')).length;
  const deletions = lines.filter((line) => line.startsWith('-')).length;
  const newStart = options.newStart ?? 1;
  const file: FileChange = {
    path,
    status,
    binary: options.binary ?? false,
    hunks:
      lines.length === 0
        ? []
        : [
            {
              oldStart: status === 'added' ? 0 : newStart,
              oldLines: lines.length - additions,
              newStart: status === 'deleted' ? 0 : newStart,
              newLines: lines.length - deletions,
              section: '',
              lines,
            },
          ],
    additions: options.additions ?? additions,
    deletions: options.deletions ?? deletions,
  };
  if (options.oldPath !== undefined) file.oldPath = options.oldPath;
  if (options.oldMode !== undefined) file.oldMode = options.oldMode;
  if (options.newMode !== undefined) file.newMode = options.newMode;
  return file;
}

/** `count` added lines of ordinary code. */
export function addedLines(count: number): string[] {
  return Array.from({ length: count }, (_, index) => `+const value${index} = compute(${index});`);
}
