const surrogate = /[\uD800-\uDFFF]/;
const encoder = new TextEncoder();

/**
 * Go's order of strings (by their UTF-8 bytes), which Alertmanager sorts label names in. Without
 * surrogates UTF-16 order is the same and cheap; with them (astral characters, or a lone surrogate,
 * which becomes U+FFFD), the strings are compared as UTF-8.
 */
export function compareUtf8(left: string, right: string): number {
  if (!surrogate.test(left) && !surrogate.test(right)) {
    return left < right ? -1 : left > right ? 1 : 0;
  }
  const a = encoder.encode(left);
  const b = encoder.encode(right);
  const length = Math.min(a.length, b.length);
  for (let index = 0; index < length; index += 1) {
    if (a[index] !== b[index]) return a[index]! - b[index]!;
  }
  return a.length - b.length;
}
