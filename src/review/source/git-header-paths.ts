import { readQuotedPath, unquoteGitPath } from './unquote-git-path.ts';

/** Removes git's `a/` (old side) or `b/` (new side) prefix. */
export function stripDiffPrefix(path: string, prefix: 'a/' | 'b/'): string {
  return path.startsWith(prefix) ? path.slice(prefix.length) : path;
}

/**
 * The two paths of a `diff --git a/<old> b/<new>` line, given the text after `diff --git `, with their
 * prefixes removed. Unquoted paths with spaces are ambiguous in general; git only prints different
 * paths here for renames and copies, whose `rename from`/`rename to` lines say them plainly, so the
 * ambiguous case returns undefined and the caller relies on those lines.
 */
export function gitHeaderPaths(text: string): { oldPath: string; newPath: string } | undefined {
  if (text.startsWith('"')) {
    const first = readQuotedPath(text);
    if (first === undefined || text[first.end] !== ' ') return undefined;
    const second = unquoteGitPath(text.slice(first.end + 1));
    if (second === undefined) return undefined;
    return { oldPath: stripDiffPrefix(first.path, 'a/'), newPath: stripDiffPrefix(second, 'b/') };
  }
  if (text.endsWith('"')) {
    for (let index = text.indexOf(' "'); index !== -1; index = text.indexOf(' "', index + 1)) {
      const second = readQuotedPath(text, index + 1);
      if (second !== undefined && second.end === text.length) {
        return {
          oldPath: stripDiffPrefix(text.slice(0, index), 'a/'),
          newPath: stripDiffPrefix(second.path, 'b/'),
        };
      }
    }
    return undefined;
  }
  if (text.length % 2 === 1) {
    const middle = (text.length - 1) / 2;
    const oldPath = stripDiffPrefix(text.slice(0, middle), 'a/');
    const newPath = stripDiffPrefix(text.slice(middle + 1), 'b/');
    if (text[middle] === ' ' && oldPath === newPath) return { oldPath, newPath };
  }
  const split = text.indexOf(' b/');
  if (split !== -1 && text.indexOf(' b/', split + 1) === -1) {
    return { oldPath: stripDiffPrefix(text.slice(0, split), 'a/'), newPath: text.slice(split + 3) };
  }
  return undefined;
}

/**
 * The path of a `--- ` or `+++ ` line, given the text after the marker: null for `/dev/null`,
 * undefined when the quoting is broken. A tab ends the path (git adds one after paths with spaces;
 * other tools put a timestamp after it).
 */
export function markerPath(text: string, prefix: 'a/' | 'b/'): string | null | undefined {
  let path: string | undefined;
  if (text.startsWith('"')) {
    const read = readQuotedPath(text);
    if (read === undefined || (read.end !== text.length && text[read.end] !== '\t')) return undefined;
    path = read.path;
  } else {
    const tab = text.indexOf('\t');
    path = tab === -1 ? text : text.slice(0, tab);
  }
  if (path === '/dev/null') return null;
  return path === '' ? undefined : stripDiffPrefix(path, prefix);
}
