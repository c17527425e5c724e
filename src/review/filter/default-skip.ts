import type { FileChange } from '../change-set.ts';
import { looksBinary } from './binary-file.ts';
import { isDeclarationOutput } from './declaration-output.ts';
import { generatedHeaderOf } from './generated-header.ts';
import { isLockFile } from './lock-files.ts';
import { looksMinified } from './minified-text.ts';
import { addedText, fileStartText } from './new-side-text.ts';
import { skippedDirectoryOf } from './skipped-directory.ts';

/** A file Steward skips unless told otherwise, and what would tell it otherwise. */
export interface DefaultSkip {
  reason: string;
  /**
   * GitHub Linguist's family of the rule: `-linguist-generated` or `-linguist-vendored` (or `=false`)
   * in .gitattributes lifts the skips of that family.
   */
  family: 'generated' | 'vendored';
  /** Text an include glob must contain to rescue the file: the directory, name or extension that caused the skip. */
  names: string[];
}

export interface FileEvidence {
  file: FileChange;
  /** The first KBs of the head version, when they can be read. */
  head: () => string | undefined;
  /** Every path in the change, for rules that look at sibling files. */
  changedPaths: ReadonlySet<string>;
}

const minifiedName = /[.-]min\.(?:m?js|cjs|css)$/;
const snapshotName = /\.(?:snap|shot)$/;
/** Names that code generators give their output: protobuf and gRPC stubs, `*.generated.*`, Dart's `*.g.dart`. */
const generatedName =
  /\.generated\.\w+$|_generated\.go$|_pb2(?:_grpc)?\.pyi?$|\.pb(?:\.gw)?\.go$|\.pb\.(?:cc|h|swift)$|_pb\.(?:js|d\.ts)$|\.(?:g|freezed|gr)\.dart$|\.designer\.cs$/;

/**
 * The default rule that skips a file, if any: vendored and build-output directories, lock files,
 * Yarn's Plug'n'Play loader, source maps, snapshots, minified files (by name, then by content),
 * generator output known by its name (`*.generated.*`, `*.pb.go`, `*_pb2.py`, `*.g.dart`),
 * declaration output, generator headers, and minified content. Rules on the path come first; the
 * content rules read the head version when it can be read, else the text the hunks show.
 */
export function defaultSkipOf({ file, head, changedPaths }: FileEvidence): DefaultSkip | undefined {
  const { path } = file;
  const name = path.slice(path.lastIndexOf('/') + 1);

  const directory = skippedDirectoryOf(path);
  if (directory !== undefined) {
    const reason =
      directory.kind === 'vendored'
        ? `vendored directory (${directory.directory}/)`
        : `build output directory (${directory.directory}/)`;
    return { reason, family: 'vendored', names: [directory.directory] };
  }
  if (isLockFile(name)) {
    const extension = /\.(?:lock|lockb|sum|lockfile)$/.exec(name)?.[0];
    return {
      reason: 'lock file',
      family: 'generated',
      names: extension === undefined ? [name] : [name, extension],
    };
  }
  if (name === '.pnp.cjs' || name === '.pnp.loader.mjs' || name === '.pnp.js') {
    return { reason: "generated (Yarn Plug'n'Play loader)", family: 'generated', names: [name] };
  }
  if (name.endsWith('.map')) return { reason: 'source map', family: 'generated', names: ['.map'] };
  if (path.split('/').includes('__snapshots__')) {
    return { reason: 'snapshot', family: 'generated', names: ['__snapshots__'] };
  }
  const snapshot = snapshotName.exec(name)?.[0];
  if (snapshot !== undefined) return { reason: 'snapshot', family: 'generated', names: [snapshot] };
  const minified = minifiedName.exec(name)?.[0];
  if (minified !== undefined) return { reason: 'minified', family: 'generated', names: [minified] };
  const generated = generatedName.exec(name)?.[0];
  if (generated !== undefined) {
    return { reason: 'generated (file name)', family: 'generated', names: [generated, name] };
  }

  const headText = head();
  if (headText !== undefined && looksBinary(headText)) return undefined;
  const body = headText ?? addedText(file);
  const own = ownNames(name);
  if (isDeclarationOutput(path, body, changedPaths)) {
    return {
      reason: 'generated (declaration output)',
      family: 'generated',
      names: ['.d.ts', '.d.mts', '.d.cts', ...own],
    };
  }
  const start = headText ?? fileStartText(file);
  const header = start === undefined ? undefined : generatedHeaderOf(start);
  if (header !== undefined) return { reason: `generated (${header})`, family: 'generated', names: own };
  if (looksMinified(body)) return { reason: 'minified', family: 'generated', names: own };
  return undefined;
}

/**
 * What names a file itself: its name, and a compound extension such as `.pb.go` or `.generated.ts`
 * (a single extension like `.ts` would name every file of the language).
 */
export function ownNames(name: string): string[] {
  const firstDot = name.indexOf('.', 1);
  const compound = firstDot > 0 && name.indexOf('.', firstDot + 1) > 0 ? name.slice(firstDot) : undefined;
  return compound === undefined ? [name] : [name, compound];
}
