import type { Detection } from './detection.ts';

const beginMarker = /-----BEGIN [A-Z0-9 ]{0,40}PRIVATE KEY(?: BLOCK)?-----/g;
const endMarker = /-----END [A-Z0-9 ]{0,40}PRIVATE KEY(?: BLOCK)?-----/g;
/** Characters of a key's body on one line, also when it sits in a string with `\n` escapes. */
const bodyCharacter = /[A-Za-z0-9+/=\\]/;
const bodyLine = /^\s*(?:[A-Za-z0-9+/=]*|(?:Proc-Type|DEK-Info|Comment|Version|Hash|Charset): [^\n]*)\s*$/;
/** Lines of a key file's body seen without its markers (a hunk in the middle of the key). */
const bareBodyLine = /^[A-Za-z0-9+/]{40,}={0,2}$/;
const keyFileName = /(?:^|\/)(?:id_(?:rsa|dsa|ecdsa|ed25519)(?:_sk)?|[^/]*\.(?:pem|key|p8))$/;
/** The furthest a key's body is followed beyond a marker. */
const maximumBody = 20_000;
/** Base64 characters below which a marker holds no key material (`never commit -----BEGIN … KEY----- blocks`). */
const minimumBody = 16;

/**
 * PEM private keys (RSA, EC, DSA, OpenSSH, PKCS#8, encrypted, PGP), also in pieces: a hunk may show
 * a BEGIN line without its END or the reverse, or a key may sit on one line of a JSON string. The
 * whole key is covered, marker to marker, or from a marker over every line that reads as key body.
 * In key files (`id_rsa`, `*.pem`, `*.key`) long base64 lines are covered even without a marker.
 * A key is reported only when its body is long enough to be real (64 base64 characters or more):
 * `-----BEGIN RSA PRIVATE KEY-----\nMIIE...\n-----END…` in a test is redacted but not reported.
 */
export function findPrivateKeys(text: string, path: string): Detection[] {
  const markers: { start: number; end: number; begin: boolean }[] = [];
  for (const match of text.matchAll(beginMarker))
    markers.push({ start: match.index, end: match.index + match[0].length, begin: true });
  for (const match of text.matchAll(endMarker))
    markers.push({ start: match.index, end: match.index + match[0].length, begin: false });
  markers.sort((a, b) => a.start - b.start);

  const detections: Detection[] = [];
  const add = (start: number, end: number) => {
    const body = text.slice(start, end).replace(/-----[A-Z0-9 ]+-----|\\n|[^A-Za-z0-9+/]/g, '');
    if (body.length < minimumBody) return;
    detections.push({
      kind: 'private-key',
      start,
      end,
      report: body.length >= 64 && !/^(.)\1*$/.test(body),
      rank: 2,
    });
  };
  for (let index = 0; index < markers.length; index++) {
    const marker = markers[index]!;
    const next = markers[index + 1];
    if (marker.begin && next !== undefined && !next.begin && next.start - marker.end <= maximumBody) {
      add(marker.start, next.end);
      index++;
    } else if (marker.begin) {
      add(marker.start, bodyEnd(text, marker.end));
    } else {
      add(bodyStart(text, marker.start), marker.end);
    }
  }
  if (keyFileName.test(path)) {
    let lineStart = 0;
    for (const line of text.split('\n')) {
      if (bareBodyLine.test(line))
        detections.push({
          kind: 'private-key',
          start: lineStart,
          end: lineStart + line.length,
          report: false,
          rank: 2,
        });
      lineStart += line.length + 1;
    }
  }
  return detections;
}

/** Where a key's body that starts at `from` ends: the rest of the line, then every body line. */
function bodyEnd(text: string, from: number): number {
  let end = from;
  const limit = Math.min(text.length, from + maximumBody);
  while (end < limit && bodyCharacter.test(text[end]!)) end++;
  if (end < limit && text[end] !== '\n') return end;
  while (end < limit) {
    const lineEnd = text.indexOf('\n', end + 1) === -1 ? text.length : text.indexOf('\n', end + 1);
    if (!bodyLine.test(text.slice(end + 1, lineEnd))) break;
    end = lineEnd;
  }
  return end;
}

/** Where a key's body that ends at `to` starts: the start of the line, then every body line before it. */
function bodyStart(text: string, to: number): number {
  let start = to;
  const limit = Math.max(0, to - maximumBody);
  while (start > limit && bodyCharacter.test(text[start - 1]!)) start--;
  if (start > limit && text[start - 1] !== '\n') return start;
  while (start > limit) {
    const lineStart = text.lastIndexOf('\n', start - 2) + 1;
    if (!bodyLine.test(text.slice(lineStart, start - 1))) break;
    start = lineStart;
  }
  return start;
}
