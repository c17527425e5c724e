/** A directory whose files are skipped by default, as found in a path. */
export interface SkippedDirectory {
  /** The directory as written in the path, e.g. `node_modules` or `.yarn/cache`. */
  directory: string;
  kind: 'vendored' | 'build output';
}

/** Third-party code checked into the repository. */
const vendoredDirectories = new Set([
  'node_modules',
  'bower_components',
  'jspm_packages',
  'vendor',
  'third_party',
  'third-party',
  'thirdparty',
  'Pods',
  'Carthage',
  '__pypackages__',
  'site-packages',
]);

/** `.yarn/` holds both Yarn's own caches (skipped) and patches the project wrote (reviewed). */
const vendoredYarnDirectories = new Set(['cache', 'releases', 'plugins', 'unplugged', 'sdks']);

/** Output that tools write: never edited by hand. */
const buildOutputDirectories = new Set([
  'dist',
  '.nyc_output',
  'htmlcov',
  '.next',
  '.nuxt',
  '.svelte-kit',
  '.output',
  '.turbo',
  '.parcel-cache',
  '.docusaurus',
  'storybook-static',
  '__pycache__',
  '.gradle',
]);

/**
 * Names that tools write output to but that are also ordinary directory names in some projects
 * (`build/` with build scripts, `src/coverage/` in an insurance product, `target/` for deployment
 * targets): there, only files of output types are skipped.
 */
const ambiguousOutputDirectories = new Set(['build', 'out', 'target', 'coverage']);
const outputExtensions =
  /\.(?:m?js|cjs|map|css|d\.ts|html?|json|xml|info|lcov|class|jar|war|o|obj|a|so|dylib|dll|exe|wasm|pyc|whl|rlib|rmeta|d)$/;

/**
 * Directories of test inputs: in many projects (module resolution, bundlers, linters) they hold
 * `node_modules/`, `dist/` or `vendor/` folders that are real, hand-written test code.
 */
const testDirectory = /^(?:test.*|__tests__|spec|specs|__specs__|fixtures?.*|__fixtures__|e2e|__mocks__)$/i;

/**
 * The vendored or build-output directory a path lies in, if any. A directory counts only when no
 * directory before it is a test or fixture directory (`test*`, `__tests__`, `spec`, `fixture*`,
 * `__fixtures__`, `e2e`, `__mocks__`): `test/fixtures/app/node_modules/dep/index.js` is reviewed,
 * `node_modules/dep/test/index.js` and `packages/web/node_modules/dep/index.js` are not.
 */
export function skippedDirectoryOf(path: string): SkippedDirectory | undefined {
  const segments = path.split('/');
  for (let index = 0; index < segments.length - 1; index++) {
    const segment = segments[index]!;
    if (testDirectory.test(segment)) return undefined;
    if (vendoredDirectories.has(segment)) return { directory: segment, kind: 'vendored' };
    if (
      segment === '.yarn' &&
      vendoredYarnDirectories.has(segments[index + 1]!) &&
      index + 2 < segments.length
    ) {
      return { directory: `.yarn/${segments[index + 1]}`, kind: 'vendored' };
    }
    if (buildOutputDirectories.has(segment)) return { directory: segment, kind: 'build output' };
    if (ambiguousOutputDirectories.has(segment) && outputExtensions.test(path)) {
      return { directory: segment, kind: 'build output' };
    }
  }
  return undefined;
}
