import picomatch from 'picomatch';

type Matcher = (path: string) => boolean;

const compiled = new Map<string, Matcher>();

/**
 * Whether a repository path (forward slashes, relative to the root) matches a glob of the `review:`
 * configuration (`include`, `exclude`, `critical_paths`, `path_instructions`).
 *
 * picomatch semantics with `dot: true` (dotfiles match `*`), plus three conventions users expect
 * from .gitignore: a glob without a slash matches the file name at any depth (`*.snap`), or any
 * directory of that name when it has no wildcards (`vendor`); a leading
 * `/` or `./` anchors at the root (`/dist/**`); a glob without wildcards, or with a trailing slash,
 * also matches everything below it as a directory (`src/auth` and `src/auth/` mean `src/auth/**` too).
 */
export function matchesGlob(path: string, glob: string): boolean {
  let matcher = compiled.get(glob);
  if (matcher === undefined) {
    matcher = compileGlob(glob);
    compiled.set(glob, matcher);
  }
  return matcher(path);
}

/** The first of `globs` that matches `path`, if any. */
export function firstMatchingGlob(path: string, globs: readonly string[]): string | undefined {
  return globs.find((glob) => matchesGlob(path, glob));
}

function compileGlob(glob: string): Matcher {
  let pattern = glob.trim();
  const anchored = pattern.startsWith('/') || pattern.startsWith('./');
  pattern = pattern.replace(/^\.?\/+/, '');
  if (pattern.endsWith('/')) pattern = `${pattern}**`;
  if (pattern === '') return () => false;

  if (!anchored && !pattern.includes('/')) {
    if (!picomatch.scan(pattern).isGlob) return (path) => path.split('/').includes(pattern);
    const name = picomatch(pattern, { dot: true });
    return (path) => name(path.slice(path.lastIndexOf('/') + 1));
  }
  const exact = picomatch(pattern, { dot: true });
  if (picomatch.scan(pattern).isGlob) return exact;
  const below = picomatch(`${pattern}/**`, { dot: true });
  return (path) => exact(path) || below(path);
}
