import { StewardError } from '../../errors/index.ts';
import type { FileChange, UnseenChange } from '../change-set.ts';
import { parseUnifiedDiffStream } from './parse-unified-diff.ts';
import { collectText, gitExit, gitMessage, gitStartError, spawnGit } from './run-git.ts';

/** Inexact rename detection compares every deleted file with every added one; past this many, git skips it. */
export const defaultRenameLimit = 5_000;
/** The most `renameLimit` may be raised to: beyond it, detection can take minutes. */
export const maxRenameLimit = 20_000;

export interface GitDiffOptions {
  /** Revisions: `[from, to]`, or `['--cached', commit?]`. */
  revisions: readonly string[];
  renameLimit?: number;
}

/**
 * Runs `git diff` with output pinned against user configuration (colour, external diff tools, text
 * conversion, prefixes, relative paths, path quoting) and parses it as it streams, so outputs of any
 * size are read without holding them twice. Renames are detected; when git gives up on inexact rename
 * detection, `unseen` says so.
 */
export async function runGitDiff(
  root: string,
  options: GitDiffOptions,
): Promise<{ files: FileChange[]; unseen: UnseenChange[] }> {
  const renameLimit = Math.min(
    Math.max(1, Math.trunc(options.renameLimit ?? defaultRenameLimit)),
    maxRenameLimit,
  );
  const args = [
    '-c',
    'core.quotePath=false',
    '-c',
    `diff.renameLimit=${renameLimit}`,
    '-c',
    'diff.suppressBlankEmpty=false',
    'diff',
    '--no-color',
    '--no-ext-diff',
    '--no-textconv',

    '--no-relative',
    '--submodule=short',
    '--src-prefix=a/',
    '--dst-prefix=b/',
    '--find-renames',
    '--unified=3',
    ...options.revisions,
    '--',
  ];
  const child = spawnGit(root, args);
  const exited = gitExit(child);
  const stderr = collectText(child.stderr!, 64 * 1024);
  let files: FileChange[];
  try {
    files = await parseUnifiedDiffStream(child.stdout!, { source: 'git diff output' });
  } catch (error) {
    child.kill();
    const { error: startError } = await exited;
    if (startError !== undefined) throw gitStartError(startError, root);
    throw error;
  }
  const { exitCode, error } = await exited;
  if (error !== undefined) throw gitStartError(error, root);
  if (exitCode !== 0) {
    throw new StewardError(`git diff failed in ${root}: ${gitMessage(stderr()) || `exit code ${exitCode}`}`, {
      hint: `run \`git ${args.join(' ')}\` there to see the whole message`,
    });
  }
  return { files, unseen: renameWarnings(stderr(), renameLimit) };
}

function renameWarnings(stderr: string, renameLimit: number): UnseenChange[] {
  if (!/rename detection was skipped/.test(stderr)) return [];
  const needed = /at least (\d+)/.exec(stderr)?.[1];
  return [
    {
      reason:
        `rename detection was skipped: too many files for diff.renameLimit ${renameLimit}` +
        `${needed === undefined ? '' : ` (it would need ${needed})`}; renamed files with edits appear as a deletion and an addition`,
    },
  ];
}
