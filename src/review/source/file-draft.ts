import type { FileChange, FileStatus, Hunk } from '../change-set.ts';
import { DiffParseError } from './diff-parse-error.ts';

/** What the header and hunks of one file in a diff said, before it becomes a FileChange. */
export interface FileDraft {
  /** 1-based line of the diff where the file starts. */
  startLine: number;
  /** The file started with `diff --git` (not a bare `---`/`+++` pair). */
  git: boolean;
  headerOldPath?: string;
  headerNewPath?: string;
  /** From `--- `: null for `/dev/null`. */
  minusPath?: string | null;
  /** From `+++ `: null for `/dev/null`. */
  plusPath?: string | null;
  renameFrom?: string;
  renameTo?: string;
  copyFrom?: string;
  copyTo?: string;
  oldMode?: string;
  newMode?: string;
  indexMode?: string;
  created: boolean;
  deleted: boolean;
  similarity?: number;
  binary: boolean;
  hunks: Hunk[];
  additions: number;
  deletions: number;
}

export function newFileDraft(startLine: number, git: boolean): FileDraft {
  return {
    startLine,
    git,
    created: false,
    deleted: false,
    binary: false,
    hunks: [],
    additions: 0,
    deletions: 0,
  };
}

/** Turns a finished draft into a FileChange, or says why its header does not add up. */
export function completeFileDraft(draft: FileDraft, source: string): FileChange {
  const fail = (reason: string) => new DiffParseError(reason, draft.startLine, source);
  if ((draft.renameFrom === undefined) !== (draft.renameTo === undefined)) {
    throw fail('a rename needs both a `rename from` and a `rename to` line');
  }
  if ((draft.copyFrom === undefined) !== (draft.copyTo === undefined)) {
    throw fail('a copy needs both a `copy from` and a `copy to` line');
  }
  const oldName =
    draft.renameFrom ??
    draft.copyFrom ??
    (draft.minusPath === undefined ? draft.headerOldPath : draft.minusPath);
  const newName =
    draft.renameTo ?? draft.copyTo ?? (draft.plusPath === undefined ? draft.headerNewPath : draft.plusPath);

  let status: FileStatus = 'modified';
  if (draft.created || draft.minusPath === null) status = 'added';
  else if (draft.deleted || draft.plusPath === null) status = 'deleted';
  else if (draft.renameTo !== undefined) status = 'renamed';
  else if (draft.copyTo !== undefined) status = 'copied';

  const path = status === 'deleted' ? (oldName ?? draft.headerOldPath) : (newName ?? draft.headerNewPath);
  if (path == null) {
    throw fail(
      'cannot tell the path of this file: the `diff --git` line is ambiguous and no other line names it',
    );
  }
  const file: FileChange = {
    path,
    status,
    binary: draft.binary,
    hunks: draft.hunks,
    additions: draft.additions,
    deletions: draft.deletions,
  };
  if ((status === 'renamed' || status === 'copied') && oldName != null) file.oldPath = oldName;
  const oldMode = draft.oldMode ?? (status === 'added' ? undefined : draft.indexMode);
  const newMode = draft.newMode ?? (status === 'deleted' ? undefined : draft.indexMode);
  if (oldMode !== undefined) file.oldMode = oldMode;
  if (newMode !== undefined) file.newMode = newMode;
  if (draft.similarity !== undefined) file.similarity = draft.similarity;
  return file;
}
