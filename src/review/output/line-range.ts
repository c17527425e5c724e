/** `L12` for one line, `L12-14` for several. */
export function lineRange(location: { startLine: number; endLine: number }): string {
  return location.endLine > location.startLine
    ? `L${location.startLine}-${location.endLine}`
    : `L${location.startLine}`;
}
