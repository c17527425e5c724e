import type { FileChange } from '../change-set.ts';

/**
 * The diff of a unit's files as the model reads it: each file's path, its instructions, and its hunks
 * with the new-side line number in front of every added and context line, so that findings can name
 * real lines. Removed lines are shown with `-` and no number.
 */
export function renderUnitDiff(
  files: readonly FileChange[],
  instructionsFor: (path: string) => string[],
): string {
  const parts: string[] = [];
  for (const file of files) {
    const header =
      file.oldPath !== undefined && file.oldPath !== file.path ? `${file.oldPath} → ${file.path}` : file.path;
    parts.push(`### File: ${header} (${file.status}, +${file.additions} -${file.deletions})`);
    for (const instruction of instructionsFor(file.path))
      parts.push(`Instructions for this file: ${instruction}`);
    for (const hunk of file.hunks) {
      parts.push(
        `@@ -${hunk.oldStart},${hunk.oldLines} +${hunk.newStart},${hunk.newLines} @@ ${hunk.section}`.trimEnd(),
      );
      let line = hunk.newStart;
      for (const text of hunk.lines) {
        const kind = text[0];
        const content = text.slice(1);
        if (kind === '-') parts.push(`      - ${content}`);
        else {
          parts.push(`${String(line).padStart(5)} ${kind === '+' ? '+' : ' '} ${content}`);
          line++;
        }
      }
    }
  }
  return parts.join('\n');
}
