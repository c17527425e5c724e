/**
 * Longest run, in UTF-16 code units, that one piece may hold of: non-whitespace characters,
 * whitespace characters, or the characters `\r`, `\n` and `/`. Every pre-token of o200k_base and
 * cl100k_base is made of such runs (a letter run with one leading character, a punctuation run followed
 * by newlines and slashes, a whitespace run), so no pre-token in a piece is longer than twice this.
 * BPE work on a pre-token grows faster than its length; this bounds it to a constant per character.
 */
export const maxRunLength = 512;

/**
 * A part of a text: `text` is counted by BPE; `blob` is a long run of the base64 alphabet (letters,
 * digits, `+`, `/`, `=`) with both letters and digits in it, counted at one token per character, an
 * upper bound, since BPE on such noise costs far more time per character than on prose or code.
 */
export interface TextPiece {
  kind: 'text' | 'blob';
  start: number;
  end: number;
}

/**
 * Splits a text into pieces whose BPE cost is bounded. Text without overlong runs (any ordinary prose or
 * code) comes back as one piece, so its count stays exact; a cut lands only inside an overlong run.
 */
export function splitIntoBoundedPieces(text: string, maxRun = maxRunLength): TextPiece[] {
  if (text.length === 0) return [];
  if (text.length <= maxRun) return [{ kind: 'text', start: 0, end: text.length }];
  const blobs = findBlobs(text, maxRun);
  const pieces: TextPiece[] = [];
  let pieceStart = 0;
  let nonSpaceRun = 0;
  let spaceRun = 0;
  let slashNewlineRun = 0;
  let nextBlob = 0;
  for (let index = 0; index < text.length; index++) {
    const blob = blobs[nextBlob];
    if (blob !== undefined && blob.start === index) {
      if (pieceStart < index) pieces.push({ kind: 'text', start: pieceStart, end: index });
      pieces.push(blob);
      nextBlob += 1;
      pieceStart = blob.end;
      index = blob.end - 1;
      nonSpaceRun = spaceRun = slashNewlineRun = 0;
      continue;
    }
    const code = text.charCodeAt(index);
    const space = isWhitespace(code);
    nonSpaceRun = space ? 0 : nonSpaceRun + 1;
    spaceRun = space ? spaceRun + 1 : 0;
    slashNewlineRun = code === 0x0a || code === 0x0d || code === 0x2f ? slashNewlineRun + 1 : 0;
    if (nonSpaceRun >= maxRun || spaceRun >= maxRun || slashNewlineRun >= maxRun) {
      if (isHighSurrogate(code) && index + 1 < text.length) index += 1;
      pieces.push({ kind: 'text', start: pieceStart, end: index + 1 });
      pieceStart = index + 1;
      nonSpaceRun = spaceRun = slashNewlineRun = 0;
    }
  }
  if (pieceStart < text.length) pieces.push({ kind: 'text', start: pieceStart, end: text.length });
  return pieces;
}

/** Maximal runs of the base64 alphabet longer than `maxRun` that hold both letters and digits. */
function findBlobs(text: string, maxRun: number): TextPiece[] {
  const blobs: TextPiece[] = [];
  let runStart = -1;
  let hasLetter = false;
  let hasDigit = false;
  for (let index = 0; index <= text.length; index++) {
    const code = index < text.length ? text.charCodeAt(index) : -1;
    const digit = code >= 0x30 && code <= 0x39;
    const letter = (code >= 0x41 && code <= 0x5a) || (code >= 0x61 && code <= 0x7a);
    if (digit || letter || code === 0x2b || code === 0x2f || code === 0x3d) {
      if (runStart === -1) {
        runStart = index;
        hasLetter = hasDigit = false;
      }
      hasLetter ||= letter;
      hasDigit ||= digit;
      continue;
    }
    if (runStart !== -1 && index - runStart > maxRun && hasLetter && hasDigit) {
      blobs.push({ kind: 'blob', start: runStart, end: index });
    }
    runStart = -1;
  }
  return blobs;
}

function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}

/** Exactly the characters of JavaScript's `\s`, which the tokenizer's split pattern uses. */
function isWhitespace(code: number): boolean {
  if (code <= 0x20) return code === 0x20 || (code >= 0x09 && code <= 0x0d);
  if (code < 0xa0) return false;
  return (
    code === 0xa0 ||
    code === 0x1680 ||
    (code >= 0x2000 && code <= 0x200a) ||
    code === 0x2028 ||
    code === 0x2029 ||
    code === 0x202f ||
    code === 0x205f ||
    code === 0x3000 ||
    code === 0xfeff
  );
}
