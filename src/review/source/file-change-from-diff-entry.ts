import type { RestEndpointMethodTypes } from '@octokit/rest';
import type { FileChange, FileStatus, UnseenChange } from '../change-set.ts';
import { parseFilePatch } from './parse-file-patch.ts';

/** One file of a pull request as GitHub lists it. */
export type DiffEntry = RestEndpointMethodTypes['pulls']['listFiles']['response']['data'][number];

const statuses: Record<DiffEntry['status'], FileStatus> = {
  added: 'added',
  removed: 'deleted',
  modified: 'modified',
  renamed: 'renamed',
  copied: 'copied',
  changed: 'modified',
  unchanged: 'modified',
};

/**
 * Turns a listed file into a FileChange by parsing its `patch`. GitHub leaves `patch` out for binary
 * files and for diffs too large to show: a file with changed lines but no patch is listed without
 * hunks (its counts are GitHub's) and reported as unseen; one without changed lines is binary, except
 * a rename or a mode change (`changed`), which has nothing more to show.
 */
export function fileChangeFromDiffEntry(entry: DiffEntry): { file: FileChange; unseen?: UnseenChange } {
  const status = statuses[entry.status];
  const file: FileChange = {
    path: entry.filename,
    status,
    binary: false,
    hunks: [],
    additions: 0,
    deletions: 0,
  };
  if ((status === 'renamed' || status === 'copied') && entry.previous_filename !== undefined) {
    file.oldPath = entry.previous_filename;
  }
  if (entry.patch !== undefined && entry.patch !== '') {
    Object.assign(
      file,
      parseFilePatch(entry.patch, { path: entry.filename, source: `GitHub patch of ${entry.filename}` }),
    );
    return { file };
  }
  if (entry.changes > 0) {
    file.additions = entry.additions;
    file.deletions = entry.deletions;
    return {
      file,
      unseen: {
        path: entry.filename,
        reason: `GitHub sent no patch for this file: its diff is too large to show (${entry.additions} added, ${entry.deletions} removed lines)`,
      },
    };
  }
  if (entry.status !== 'renamed' && entry.status !== 'changed') file.binary = true;
  return { file };
}
