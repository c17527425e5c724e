/** Cuts text arriving in chunks into lines on `\n`, without building long strings piece by piece. */
export interface LineSplitter {
  write(chunk: Uint8Array | string): void;
  /** Flushes the last line when the input does not end with `\n`. */
  end(): void;
}

/** Calls `onLine` with every line (without its `\n`); bytes are decoded as UTF-8 across chunk edges. */
export function createLineSplitter(onLine: (line: string) => void): LineSplitter {
  const decoder = new TextDecoder('utf-8');
  let pending: string[] = [];

  function take(text: string): void {
    let start = 0;
    let newline = text.indexOf('\n');
    while (newline !== -1) {
      const piece = text.slice(start, newline);
      if (pending.length === 0) onLine(piece);
      else {
        pending.push(piece);
        const line = pending.join('');
        pending = [];
        onLine(line);
      }
      start = newline + 1;
      newline = text.indexOf('\n', start);
    }
    if (start < text.length) pending.push(text.slice(start));
  }

  return {
    write(chunk) {
      take(typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true }));
    },
    end() {
      take(decoder.decode());
      if (pending.length > 0) {
        const line = pending.join('');
        pending = [];
        onLine(line);
      }
    },
  };
}

/** Calls `onLine` with every line of `text` (split on `\n`; a final `\n` does not start a line). */
export function forEachLine(text: string, onLine: (line: string) => void): void {
  let start = 0;
  let newline = text.indexOf('\n');
  while (newline !== -1) {
    onLine(text.slice(start, newline));
    start = newline + 1;
    newline = text.indexOf('\n', start);
  }
  if (start < text.length) onLine(text.slice(start));
}
