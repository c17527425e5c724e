import type { ChangeSource } from '../change-set.ts';
import { encodePath } from './encode-path.ts';
import { safeLinkUrl } from './markdown-escape.ts';

/**
 * The URL of lines of a file at the head of a GitHub pull request
 * (`https://github.com/{repo}/blob/{headSha}/{path}#L{start}-L{end}`); undefined for a local change.
 * The host comes from the pull request's own URL, so GitHub Enterprise links point at the right server.
 */
export function githubBlobUrl(
  source: ChangeSource,
  path: string,
  lines?: { startLine: number; endLine: number },
): string | undefined {
  if (source.kind !== 'github') return undefined;
  const anchor =
    lines == null
      ? ''
      : lines.endLine > lines.startLine
        ? `#L${lines.startLine}-L${lines.endLine}`
        : `#L${lines.startLine}`;
  return safeLinkUrl(
    `${githubOrigin(source.url)}/${source.repo}/blob/${source.headSha}/${encodePath(path)}${anchor}`,
  );
}

function githubOrigin(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.protocol === 'https:') return parsed.origin;
  } catch {
    // Not a URL: fall back to github.com.
  }
  return 'https://github.com';
}
