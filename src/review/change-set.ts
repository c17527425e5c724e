/**
 * A change to review, as every stage of the review pipeline sees it: files with parsed hunks.
 * Line numbers are 1-based; "new side" means the file as it is at the head of the change.
 */
export interface ChangeSet {
  source: ChangeSource;
  files: FileChange[];
  /** What the source could not see, said plainly (e.g. files beyond GitHub's 3,000-file listing). */
  unseen: UnseenChange[];
}

export type ChangeSource =
  | {
      kind: 'local';
      root: string;
      base: string;
      head: string;
      mergeBase: string | undefined;
      staged: boolean;
    }
  | { kind: 'github'; repo: string; pr: number; baseSha: string; headSha: string; url: string };

export interface UnseenChange {
  /** The file, when known. */
  path?: string;
  reason: string;
}

export type FileStatus = 'added' | 'modified' | 'deleted' | 'renamed' | 'copied';

export interface FileChange {
  /** Path at the head (for a deletion: the deleted path). Forward slashes, as git prints them, unquoted. */
  path: string;
  /** Path at the base, when it differs (renames and copies). */
  oldPath?: string;
  status: FileStatus;
  binary: boolean;
  /** File modes as git reports them (`100644`, `100755`, `120000`), when known. */
  oldMode?: string;
  newMode?: string;
  /** Rename or copy similarity, 0–100. */
  similarity?: number;
  hunks: Hunk[];
  /** Added and removed lines over all hunks. */
  additions: number;
  deletions: number;
}

export interface Hunk {
  oldStart: number;
  oldLines: number;
  newStart: number;
  newLines: number;
  /** Text after the second `@@`, often the enclosing function. */
  section: string;
  /**
   * The hunk's lines as in the patch, each starting with ' ', '+' or '-'. A "\ No newline at end of
   * file" marker is not a line: it sets `oldNoNewlineAtEnd` / `newNoNewlineAtEnd` instead.
   */
  lines: string[];
  oldNoNewlineAtEnd?: boolean;
  newNoNewlineAtEnd?: boolean;
}

/** The new-side line numbers of the lines a hunk adds. */
export function addedLineNumbers(hunk: Hunk): number[] {
  const numbers: number[] = [];
  let line = hunk.newStart;
  for (const text of hunk.lines) {
    if (text.startsWith('+')) numbers.push(line++);
    else if (text.startsWith(' ')) line++;
  }
  return numbers;
}

/** Every new-side line a file's change adds: the only lines a finding may point at. */
export function changedLines(file: FileChange): Set<number> {
  return new Set(file.hunks.flatMap(addedLineNumbers));
}
