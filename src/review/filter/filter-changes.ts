import type { ReviewConfig } from '../../config/index.ts';
import type { FileChange } from '../change-set.ts';
import type { SkippedFile } from '../review-plan.ts';
import { hasBinaryExtension, looksBinary } from './binary-file.ts';
import { type DefaultSkip, defaultSkipOf, ownNames } from './default-skip.ts';
import { type Gitattributes, isFalse, isTrue, parseGitattributes } from './gitattributes.ts';
import { firstMatchingGlob, matchesGlob } from './matches-glob.ts';

export interface FilterOptions {
  config: ReviewConfig;
  /** The first KBs of a file's head version, when it can be read. */
  readHead?: ((path: string) => string | undefined) | undefined;
  /** The text of .gitattributes at the head. */
  gitattributes?: string | undefined;
}

export interface FilterResult {
  included: FileChange[];
  /** In the order of the input, each with a reason the user can read. */
  skipped: SkippedFile[];
}

/**
 * Splits a change into the files to review and the files to skip, each skip with its reason.
 *
 * Precedence, first match wins:
 * 1. `review.exclude` (`excluded by review.exclude ("glob")`), then `review.include` when given
 *    (`not in review.include`): exclude beats include.
 * 2. Nothing to review: `deleted`, `pure rename` / `pure copy` (no hunks: free), `binary` (git says
 *    so, or a binary extension without hunks), `mode change only`, `no changed lines`.
 * 3. `.gitattributes`: `linguist-generated` and `linguist-vendored` (set or `=true`).
 * 4. The default rules (see `defaultSkipOf`): vendored and build directories, lock files, source maps,
 *    snapshots, minified files, declaration output, generator headers.
 * 5. `binary` again when the head version has a NUL byte (read only for files still in the review).
 * 6. Size: `review.min_changed_lines` and `review.max_changed_lines` (added plus removed lines).
 *
 * Steps 3 and 4 yield to an include glob that matches the file and names what caused the skip:
 * `include: ["src/**"]` keeps `src/vendor/` and `src/__snapshots__/` skipped, while
 * `include: ["src/vendor/**"]`, `["**\/*.snap"]` or `["src/api/client.gen.ts"]` rescue them. (Skips
 * decided from a file's content or attributes are named by the file's name or compound extension,
 * e.g. `.pb.go`.) Step 4 also yields to `-linguist-generated` / `-linguist-vendored` (or `=false`) in
 * .gitattributes for the rules of that family. Nothing brings back the files of steps 2 and 5, and
 * rescued files still meet the size bounds.
 */
export function filterChanges(files: readonly FileChange[], options: FilterOptions): FilterResult {
  const { config } = options;
  const attributes =
    options.gitattributes === undefined ? undefined : parseGitattributes(options.gitattributes);
  const changedPaths = new Set(files.map((file) => file.path));
  const included: FileChange[] = [];
  const skipped: SkippedFile[] = [];
  for (const file of files) {
    const reason = skipReasonOf(file, { config, attributes, changedPaths, readHead: options.readHead });
    if (reason === undefined) included.push(file);
    else skipped.push({ path: file.path, reason });
  }
  return { included, skipped };
}

interface Context {
  config: ReviewConfig;
  attributes: Gitattributes | undefined;
  changedPaths: ReadonlySet<string>;
  readHead: ((path: string) => string | undefined) | undefined;
}

function skipReasonOf(file: FileChange, context: Context): string | undefined {
  const { config, attributes } = context;
  const { path } = file;

  const excludedBy = firstMatchingGlob(path, config.exclude);
  if (excludedBy !== undefined) return `excluded by review.exclude (${JSON.stringify(excludedBy)})`;
  if (config.include.length > 0 && firstMatchingGlob(path, config.include) === undefined) {
    return 'not in review.include';
  }

  if (file.status === 'deleted') return 'deleted';
  if (file.hunks.length === 0 && file.status === 'renamed') return 'pure rename';
  if (file.hunks.length === 0 && file.status === 'copied') return 'pure copy';
  if (file.binary || (file.hunks.length === 0 && hasBinaryExtension(path))) return 'binary';
  if (file.hunks.length === 0) {
    if (file.oldMode !== undefined && file.newMode !== undefined && file.oldMode !== file.newMode) {
      return `mode change only (${file.oldMode} → ${file.newMode})`;
    }
    return 'no changed lines';
  }

  const head = once(() => context.readHead?.(path));
  const attributeSkip = attributeSkipOf(path, attributes);
  if (attributeSkip !== undefined) {
    if (!rescuedByInclude(path, attributeSkip, config.include)) return attributeSkip.reason;
  } else {
    const skip = defaultSkipOf({ file, head, changedPaths: context.changedPaths });
    if (
      skip !== undefined &&
      !liftedByAttributes(path, skip, attributes) &&
      !rescuedByInclude(path, skip, config.include)
    ) {
      return skip.reason;
    }
  }
  const headText = head();
  if (headText !== undefined && looksBinary(headText)) return 'binary';

  const changed = file.additions + file.deletions;
  if (changed < config.min_changed_lines) {
    return `${changedLines(changed)}, below review.min_changed_lines (${config.min_changed_lines})`;
  }
  if (changed > config.max_changed_lines) {
    return `${changedLines(changed)}, above review.max_changed_lines (${config.max_changed_lines})`;
  }
  return undefined;
}

function attributeSkipOf(path: string, attributes: Gitattributes | undefined): DefaultSkip | undefined {
  if (attributes === undefined) return undefined;
  const names = ownNames(path.slice(path.lastIndexOf('/') + 1));
  if (isTrue(attributes.stateOf(path, 'linguist-generated'))) {
    return { reason: 'generated (linguist-generated in .gitattributes)', family: 'generated', names };
  }
  if (isTrue(attributes.stateOf(path, 'linguist-vendored'))) {
    return { reason: 'vendored (linguist-vendored in .gitattributes)', family: 'vendored', names };
  }
  return undefined;
}

function liftedByAttributes(path: string, skip: DefaultSkip, attributes: Gitattributes | undefined): boolean {
  return attributes !== undefined && isFalse(attributes.stateOf(path, `linguist-${skip.family}`));
}

function rescuedByInclude(path: string, skip: DefaultSkip, include: readonly string[]): boolean {
  return include.some((glob) => skip.names.some((name) => names(glob, name)) && matchesGlob(path, glob));
}

/**
 * Whether a glob names a skip's cause: an extension (`.snap`) in its last segment, a directory or
 * file name as one of its segments (`vendor`, `yarn.lock`) or inside a wildcard segment (`*-min.js`).
 * `src/layout/**` does not name `out`.
 */
function names(glob: string, name: string): boolean {
  if (name.includes('/')) return glob.includes(name);
  const segments = glob.split('/');
  if (name.startsWith('.')) return (segments.at(-1) ?? '').includes(name);
  return segments.some((segment) => segment === name || (/[*?[{]/.test(segment) && segment.includes(name)));
}

function once<T>(compute: () => T): () => T {
  let result: { value: T } | undefined;
  return () => {
    result ??= { value: compute() };
    return result.value;
  };
}

function changedLines(count: number): string {
  return `${count.toLocaleString('en-US')} changed ${count === 1 ? 'line' : 'lines'}`;
}
