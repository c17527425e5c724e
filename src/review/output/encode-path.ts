/**
 * Percent-encodes each segment of a repository-relative path for a URL or a SARIF URI, keeping the
 * slashes: spaces, `#`, `%`, `?` and non-ASCII characters (as UTF-8) are escaped.
 */
export function encodePath(path: string): string {
  return path.toWellFormed().split('/').map(encodeURIComponent).join('/');
}
