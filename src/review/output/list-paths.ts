import { formatCount } from './format-count.ts';

/** `a.ts, b.ts` or, past `limit`, `a.ts, b.ts +3 more`. */
export function listPaths(
  paths: readonly string[],
  limit: number,
  show: (path: string) => string = (path) => path,
): string {
  const shown = paths.slice(0, limit).map(show).join(', ');
  return paths.length > limit ? `${shown} +${formatCount(paths.length - limit)} more` : shown;
}
