import type { FileChange } from '../change-set.ts';
import { createLineSplitter, forEachLine } from './line-splitter.ts';
import { createUnifiedDiffParser, type UnifiedDiffParserOptions } from './unified-diff-parser.ts';

/**
 * Parses `git diff` output into file changes. Throws DiffParseError, naming the diff's line, when the
 * input is not a well-formed unified diff (hunk counts that do not match their header included).
 */
export function parseUnifiedDiff(
  text: string,
  options: Pick<UnifiedDiffParserOptions, 'source'> = {},
): FileChange[] {
  const parser = createUnifiedDiffParser(options);
  forEachLine(text, parser.push);
  return parser.finish();
}

/** Parses a diff as it streams in (e.g. from `git diff`'s stdout), one line at a time. */
export async function parseUnifiedDiffStream(
  chunks: AsyncIterable<Uint8Array | string>,
  options: Pick<UnifiedDiffParserOptions, 'source'> = {},
): Promise<FileChange[]> {
  const parser = createUnifiedDiffParser(options);
  const splitter = createLineSplitter(parser.push);
  for await (const chunk of chunks) splitter.write(chunk);
  splitter.end();
  return parser.finish();
}
