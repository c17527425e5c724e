import type { FileChange } from '../change-set.ts';
import { forEachLine } from './line-splitter.ts';
import { createUnifiedDiffParser } from './unified-diff-parser.ts';

/**
 * Parses the hunks of one file without a file header, as in the `patch` field of GitHub's
 * pull-request files. Throws DiffParseError naming the patch's line.
 */
export function parseFilePatch(
  patch: string,
  options: { path: string; source?: string },
): Pick<FileChange, 'hunks' | 'additions' | 'deletions'> {
  const parser = createUnifiedDiffParser({
    hunksOf: options.path,
    source: options.source ?? `patch of ${options.path}`,
  });
  forEachLine(patch, parser.push);
  const [file] = parser.finish();
  return { hunks: file?.hunks ?? [], additions: file?.additions ?? 0, deletions: file?.deletions ?? 0 };
}
