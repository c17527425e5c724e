import type { FileChange, Hunk } from '../../review/change-set.ts';
import type { Finding } from '../../review/finding.ts';

/**
 * Whether a finding can be an inline comment: its lines `startLine..endLine` must all be new-side lines
 * (added or context) of one hunk of its file, which is what GitHub accepts for a comment on the RIGHT
 * side (a range must also stay within one hunk). A deleted or binary file has no such lines.
 */
export function isAnchored(
  finding: Pick<Finding, 'path' | 'startLine' | 'endLine'>,
  files: readonly FileChange[],
): boolean {
  const { startLine, endLine } = finding;
  if (
    !Number.isSafeInteger(startLine) ||
    !Number.isSafeInteger(endLine) ||
    startLine < 1 ||
    endLine < startLine
  ) {
    return false;
  }
  const file = files.find((entry) => entry.path === finding.path);
  if (file === undefined || file.status === 'deleted' || file.binary) return false;
  return file.hunks.some((hunk) => {
    const lines = newSideLineCount(hunk);
    return lines > 0 && startLine >= hunk.newStart && endLine <= hunk.newStart + lines - 1;
  });
}

/** How many lines of the head a hunk shows: its added and context lines (they are contiguous). */
function newSideLineCount(hunk: Hunk): number {
  let count = 0;
  for (const line of hunk.lines) if (line.startsWith('+') || line.startsWith(' ')) count++;
  return count;
}
