import type { FileChange, Hunk } from '../change-set.ts';
import { DiffParseError } from './diff-parse-error.ts';
import { completeFileDraft, type FileDraft, newFileDraft } from './file-draft.ts';
import { gitHeaderPaths, markerPath } from './git-header-paths.ts';
import { parseHunkHeader } from './hunk-header.ts';
import { unquoteGitPath } from './unquote-git-path.ts';

/** A unified diff parser fed one line at a time, so input can be split once or streamed. */
export interface UnifiedDiffParser {
  /** Reads the next line of the diff, without its `\n`. */
  push(line: string): void;
  /** Ends the input: checks that nothing is cut short and returns the files read. */
  finish(): FileChange[];
}

export interface UnifiedDiffParserOptions {
  /** Names the input in error messages. Default `diff`. */
  source?: string;
  /** The input is the hunks of this one file only, as GitHub's `patch` field holds them. */
  hunksOf?: string;
}

type State =
  /** Before the first file: commit messages and other text are skipped. */
  | 'preamble'
  /** After `diff --git`: extended header lines. */
  | 'header'
  /** After `--- `: the `+++ ` line must follow. */
  | 'plus'
  /** After `+++ `: a hunk header must follow. */
  | 'first-hunk'
  | 'hunk'
  | 'after-hunk'
  /** Inside a `GIT binary patch`: skipped up to the next file. */
  | 'binary-patch'
  /** After an e-mail signature (`-- `): skipped up to the next file. */
  | 'trailer';

const NEWLINE_MARKER = 0x5c; // '\'
const CONTEXT = 0x20; // ' '
const REMOVED = 0x2d; // '-'
const ADDED = 0x2b; // '+'

const extendedHeader =
  /^(old mode|new mode|deleted file mode|new file mode|similarity index|dissimilarity index|rename from|rename to|copy from|copy to|index) (.*)$/;
const fileMode = /^[0-7]{6}$/;

/**
 * Creates a parser for `git diff` output (and bare `---`/`+++` diffs).
 *
 * Lines are split on `\n` only. A `\r` before it belongs to the line's text (a CRLF file keeps its
 * `\r` in every hunk line, and line numbers stay right), except when the diff itself is written with
 * CRLF line endings — decided by its first `diff`, `---` or `@@` line — where one `\r` is removed from
 * every line. Header lines never keep a trailing `\r`.
 */
export function createUnifiedDiffParser(options: UnifiedDiffParserOptions = {}): UnifiedDiffParser {
  const source = options.source ?? 'diff';
  const files: FileChange[] = [];
  const hunksOnly = options.hunksOf !== undefined;
  let state: State = hunksOnly ? 'first-hunk' : 'preamble';
  let draft: FileDraft | undefined;
  if (options.hunksOf !== undefined) {
    draft = newFileDraft(1, false);
    draft.headerOldPath = options.hunksOf;
    draft.headerNewPath = options.hunksOf;
  }
  let lineNumber = 0;
  let crlfDiff: boolean | undefined;
  let skippedText = false;

  let hunk: Hunk | undefined;
  let hunkLine = 0;
  let oldLeft = 0;
  let newLeft = 0;
  /** The kind of the previous hunk line (' ', '-', '+'), 0 when a marker may not follow. */
  let previousKind = 0;

  const fail = (reason: string, line = lineNumber) => new DiffParseError(reason, line, source);
  const hunkName = () => `the hunk at line ${hunkLine} (\`${headerText(hunk!)}\`)`;

  function closeFile(): void {
    if (draft === undefined) return;
    files.push(completeFileDraft(draft, source));
    draft = undefined;
  }

  function startGitFile(rest: string): void {
    closeFile();
    draft = newFileDraft(lineNumber, true);
    const paths = gitHeaderPaths(rest);
    if (paths !== undefined) {
      draft.headerOldPath = paths.oldPath;
      draft.headerNewPath = paths.newPath;
    }
    state = 'header';
  }

  function startBareFile(rest: string): void {
    closeFile();
    draft = newFileDraft(lineNumber, false);
    readMinus(rest);
  }

  function readMinus(rest: string): void {
    const path = markerPath(rest, 'a/');
    if (path === undefined) throw fail(`cannot read the path in \`--- ${rest}\``);
    draft!.minusPath = path;
    state = 'plus';
  }

  function startHunk(line: string): void {
    const header = parseHunkHeader(line);
    if (header === undefined)
      throw fail(`bad hunk header \`${line}\`: expected \`@@ -start,count +start,count @@\``);
    const previous = draft!.hunks.at(-1);
    if (
      previous !== undefined &&
      (header.oldStart < previous.oldStart + previous.oldLines ||
        header.newStart < previous.newStart + previous.newLines)
    ) {
      throw fail(`hunk \`${line}\` overlaps or comes before the previous hunk \`${headerText(previous)}\``);
    }
    hunk = { ...header, lines: [] };
    draft!.hunks.push(hunk);
    hunkLine = lineNumber;
    oldLeft = header.oldLines;
    newLeft = header.newLines;
    previousKind = 0;
    state = oldLeft === 0 && newLeft === 0 ? 'after-hunk' : 'hunk';
  }

  function noNewlineMarker(): void {
    if (previousKind === 0) throw fail('a "\\ No newline at end of file" marker must follow a hunk line');
    if (previousKind !== ADDED) hunk!.oldNoNewlineAtEnd = true;
    if (previousKind !== REMOVED) hunk!.newNoNewlineAtEnd = true;
    previousKind = 0;
  }

  function hunkBodyLine(line: string): boolean {
    const kind = line.length === 0 ? CONTEXT : line.charCodeAt(0);
    if (kind === CONTEXT) {
      if (oldLeft === 0 || newLeft === 0)
        throw fail(`${hunkName()} has more context lines than its header declares`);
      oldLeft--;
      newLeft--;
      hunk!.lines.push(line.length === 0 ? ' ' : line);
    } else if (kind === REMOVED) {
      if (oldLeft === 0) throw fail(`${hunkName()} has more removed lines than its header declares`);
      oldLeft--;
      draft!.deletions++;
      hunk!.lines.push(line);
    } else if (kind === ADDED) {
      if (newLeft === 0) throw fail(`${hunkName()} has more added lines than its header declares`);
      newLeft--;
      draft!.additions++;
      hunk!.lines.push(line);
    } else if (kind === NEWLINE_MARKER) {
      noNewlineMarker();
      return true;
    } else {
      return false;
    }
    previousKind = kind;
    if (oldLeft === 0 && newLeft === 0) state = 'after-hunk';
    return true;
  }

  function shortHunk(found: string): DiffParseError {
    const old = hunk!.oldLines - oldLeft;
    const added = hunk!.newLines - newLeft;
    return fail(
      `${hunkName()} ends early: ${old} of ${hunk!.oldLines} old and ${added} of ${hunk!.newLines} new lines, then ${found}`,
    );
  }

  function headerLine(line: string): void {
    if (line.startsWith('diff --git ')) startGitFile(line.slice(11));
    else if (line.startsWith('--- ')) readMinus(line.slice(4));
    else if (line.startsWith('@@ ')) startHunk(line);
    else if (line.startsWith('Binary files ') && line.endsWith(' differ')) {
      draft!.binary = true;
      state = 'after-hunk';
    } else if (line === 'GIT binary patch') {
      draft!.binary = true;
      state = 'binary-patch';
    } else extendedHeaderLine(line);
  }

  function extendedHeaderLine(line: string): void {
    const match = extendedHeader.exec(line);
    if (match === null) throw fail(`unexpected line in the header of a file: \`${clip(line)}\``);
    const [, name, value] = match as unknown as [string, string, string];
    const current = draft!;
    switch (name) {
      case 'old mode':
      case 'new mode':
      case 'deleted file mode':
      case 'new file mode': {
        if (!fileMode.test(value)) throw fail(`bad file mode \`${value}\` in \`${line}\``);
        if (name === 'old mode' || name === 'deleted file mode') current.oldMode = value;
        else current.newMode = value;
        if (name === 'deleted file mode') current.deleted = true;
        if (name === 'new file mode') current.created = true;
        return;
      }
      case 'similarity index': {
        const similarity = /^(\d{1,3})%$/.exec(value);
        if (similarity === null || Number(similarity[1]) > 100) throw fail(`bad similarity \`${line}\``);
        current.similarity = Number(similarity[1]);
        return;
      }
      case 'dissimilarity index':
        return;
      case 'index': {
        const index = /^[0-9a-f]+\.\.[0-9a-f]+(?: ([0-7]{6}))?$/.exec(value);
        if (index === null) throw fail(`bad index line \`${line}\``);
        if (index[1] !== undefined) current.indexMode = index[1];
        return;
      }
      default: {
        const path = unquoteGitPath(value);
        if (path === undefined || path === '') throw fail(`cannot read the path in \`${line}\``);
        if (name === 'rename from') current.renameFrom = path;
        else if (name === 'rename to') current.renameTo = path;
        else if (name === 'copy from') current.copyFrom = path;
        else current.copyTo = path;
      }
    }
  }

  function push(raw: string): void {
    lineNumber++;
    let line = raw;
    if (
      crlfDiff === undefined &&
      (raw.startsWith('diff ') || raw.startsWith('--- ') || raw.startsWith('@@ '))
    ) {
      crlfDiff = raw.endsWith('\r');
    }
    if (crlfDiff === true && line.endsWith('\r')) line = line.slice(0, -1);

    if (state === 'hunk') {
      if (hunkBodyLine(line)) return;
      throw shortHunk(`\`${clip(stripReturn(line))}\``);
    }

    line = stripReturn(line);
    if (state === 'after-hunk') afterHunkLine(line);
    else if (state === 'header') headerLine(line);
    else if (state === 'plus') plusLine(line);
    else if (state === 'first-hunk') {
      if (!line.startsWith('@@')) {
        throw fail(`expected a hunk header (\`@@ -start,count +start,count @@\`), found \`${clip(line)}\``);
      }
      startHunk(line);
    } else betweenFilesLine(line);
  }

  function afterHunkLine(line: string): void {
    const first = line.charCodeAt(0);
    if (line.startsWith('@@ ')) startHunk(line);
    else if (first === NEWLINE_MARKER) noNewlineMarker();
    else if (line === '') previousKind = 0;
    else if (hunksOnly) throw fail(`unexpected line after the last hunk: \`${clip(line)}\``);
    else if (line.startsWith('diff --git ')) startGitFile(line.slice(11));
    else if (line === '-- ') {
      closeFile();
      state = 'trailer';
    } else if (line.startsWith('--- ') && !draft!.git) startBareFile(line.slice(4));
    else if (line.startsWith('diff --cc ') || line.startsWith('diff --combined ')) throw combined();
    else if (hunk !== undefined && (first === CONTEXT || first === REMOVED || first === ADDED)) {
      throw fail(
        `${hunkName()} has more lines than its header declares (${hunk.oldLines} old, ${hunk.newLines} new)`,
      );
    } else throw fail(`unexpected line after a file's changes: \`${clip(line)}\``);
  }

  function plusLine(line: string): void {
    if (!line.startsWith('+++ '))
      throw fail(`expected a \`+++\` line after \`---\`, found \`${clip(line)}\``);
    const path = markerPath(line.slice(4), 'b/');
    if (path === undefined) throw fail(`cannot read the path in \`${line}\``);
    draft!.plusPath = path;
    state = 'first-hunk';
  }

  /** Before the first file, inside a binary patch, or after an e-mail signature. */
  function betweenFilesLine(line: string): void {
    if (line.startsWith('diff --git ')) startGitFile(line.slice(11));
    else if (line.startsWith('diff --cc ') || line.startsWith('diff --combined ')) throw combined();
    else if (state !== 'preamble') return;
    else if (line.startsWith('--- ')) startBareFile(line.slice(4));
    else if (line.startsWith('@@ '))
      throw fail('a hunk before any file header (`diff --git` or `---`/`+++`)');
    else if (line.trim() !== '') skippedText = true;
  }

  function combined(): DiffParseError {
    return fail('combined diffs of merge commits (`diff --cc`) are not supported: diff against one parent');
  }

  function finish(): FileChange[] {
    if (state === 'hunk') throw shortHunk('the input ends');
    if (state === 'plus') throw fail('the input ends after a `---` line: expected `+++`');
    if (state === 'first-hunk' && !hunksOnly) throw fail('the input ends before the first hunk of a file');
    closeFile();
    if (files.length === 0 && skippedText) {
      throw fail('no file header found: expected `diff --git a/<path> b/<path>` or `---`/`+++` lines', 1);
    }
    return files;
  }

  return { push, finish };
}

function stripReturn(line: string): string {
  return line.endsWith('\r') ? line.slice(0, -1) : line;
}

function headerText(hunk: Hunk): string {
  return `@@ -${hunk.oldStart},${hunk.oldLines} +${hunk.newStart},${hunk.newLines} @@`;
}

function clip(line: string): string {
  return line.length > 80 ? `${line.slice(0, 77)}...` : line;
}
