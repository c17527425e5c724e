/** A line longer than this, with little whitespace, is a minified or packed line. */
const longLine = 500;
const maximumWhitespaceRatio = 0.1;
/** Below this much dense text a file is too small to be a bundle: a long token or data line in a short file is not. */
const minimumDense = 1000;

/**
 * Whether text looks minified or packed: lines over 500 characters with under 10% whitespace hold at
 * least half of its characters, and at least 1,000 of them. One long literal in ordinary source (an
 * embedded image, a long token in a short file) does not make the file minified; a bundle, a packed
 * JSON or a minified stylesheet does.
 */
export function looksMinified(text: string): boolean {
  if (text.length < longLine) return false;
  let dense = 0;
  let start = 0;
  while (start < text.length) {
    let end = text.indexOf('\n', start);
    if (end === -1) end = text.length;
    const length = end - start;
    if (length > longLine && whitespaceIn(text, start, end) / length < maximumWhitespaceRatio)
      dense += length;
    start = end + 1;
  }
  return dense >= minimumDense && dense * 2 >= text.length;
}

function whitespaceIn(text: string, start: number, end: number): number {
  let count = 0;
  for (let index = start; index < end; index++) {
    const code = text.charCodeAt(index);
    if (code === 32 || code === 9) count++;
  }
  return count;
}
