const declarationFile = /\.d\.[cm]?ts$/;
const declarationMapComment = /\/\/# sourceMappingURL=\S+\.d\.[cm]?ts\.map\s*$/m;

/**
 * Whether a declaration file (`.d.ts`, `.d.mts`, `.d.cts`) is compiler output rather than written by
 * hand. Hand-written declarations are common (`global.d.ts`, `env.d.ts`, typings of a JavaScript
 * library, DefinitelyTyped) and reviewed; compiler output shows itself by a declaration map: a
 * `//# sourceMappingURL=….d.ts.map` comment, or its `.d.ts.map` in the same change. Output in build
 * directories and files with a generator header are skipped by those rules.
 */
export function isDeclarationOutput(
  path: string,
  text: string | undefined,
  changedPaths: ReadonlySet<string>,
): boolean {
  if (!declarationFile.test(path)) return false;
  if (changedPaths.has(`${path}.map`)) return true;
  return text !== undefined && declarationMapComment.test(text);
}
