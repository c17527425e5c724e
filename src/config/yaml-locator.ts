import { type Document, isMap, isPair, isScalar, isSeq, type LineCounter, type Node } from 'yaml';

type PathKey = string | number;

/** Finds the 1-based line of the YAML node at `path`, or of its nearest existing ancestor. */
export function lineOf(
  document: Document,
  lineCounter: LineCounter,
  path: readonly PathKey[],
  atKey = false,
): number | undefined {
  let node: unknown = document.contents;
  let line = startLine(node, lineCounter);
  for (const [index, key] of path.entries()) {
    const isLast = index === path.length - 1;
    if (isMap(node)) {
      const pair = node.items.find(
        (item) => isPair(item) && isScalar(item.key) && String(item.key.value) === String(key),
      );
      if (pair === undefined) return line;
      if (isLast && atKey) return startLine(pair.key, lineCounter) ?? line;
      line = startLine(pair.value, lineCounter) ?? startLine(pair.key, lineCounter) ?? line;
      node = pair.value;
    } else if (isSeq(node) && typeof key === 'number') {
      const item = node.items[key];
      if (item === undefined) return line;
      line = startLine(item, lineCounter) ?? line;
      node = item;
    } else {
      return line;
    }
  }
  return line;
}

function startLine(node: unknown, lineCounter: LineCounter): number | undefined {
  const range = (node as Node | null | undefined)?.range;
  if (range == null) return undefined;
  return lineCounter.linePos(range[0]).line;
}
