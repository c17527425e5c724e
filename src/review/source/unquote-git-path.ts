const escapes: Record<string, number> = {
  a: 0x07,
  b: 0x08,
  t: 0x09,
  n: 0x0a,
  v: 0x0b,
  f: 0x0c,
  r: 0x0d,
  '"': 0x22,
  '\\': 0x5c,
};

const encoder = new TextEncoder();
const decoder = new TextDecoder('utf-8');

/**
 * Reads a C-quoted path as git prints it (`"a/\303\251t\303\251.txt"`) starting at `start`, which must
 * be the opening quote. Octal escapes are bytes, decoded together as UTF-8. Returns the path and the
 * index just past the closing quote, or undefined when the quoting is broken.
 */
export function readQuotedPath(text: string, start = 0): { path: string; end: number } | undefined {
  if (text[start] !== '"') return undefined;
  const bytes: number[] = [];
  let index = start + 1;
  while (index < text.length) {
    const character = text[index]!;
    if (character === '"') return { path: decoder.decode(new Uint8Array(bytes)), end: index + 1 };
    if (character !== '\\') {
      const codePoint = text.codePointAt(index)!;
      const width = codePoint > 0xffff ? 2 : 1;
      if (codePoint < 0x80) bytes.push(codePoint);
      else for (const byte of encoder.encode(text.slice(index, index + width))) bytes.push(byte);
      index += width;
      continue;
    }
    const next = text[index + 1];
    if (next === undefined) return undefined;
    const octal = /^[0-3][0-7]{2}/.exec(text.slice(index + 1, index + 4));
    if (octal !== null) {
      bytes.push(Number.parseInt(octal[0], 8));
      index += 4;
    } else if (next in escapes) {
      bytes.push(escapes[next]!);
      index += 2;
    } else {
      return undefined;
    }
  }
  return undefined;
}

/** A path as git prints it: C-quoted when it holds unusual characters, as is otherwise. */
export function unquoteGitPath(text: string): string | undefined {
  if (!text.startsWith('"')) return text;
  const read = readQuotedPath(text);
  return read !== undefined && read.end === text.length ? read.path : undefined;
}
