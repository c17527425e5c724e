import { compareUtf8 } from './utf8-order.ts';

const encoder = new TextEncoder();
const separator = 0xff;
/** FNV-1a 64 offset basis 0xcbf29ce484222325, as two 32-bit halves. */
const offsetHigh = 0xcbf29ce4;
const offsetLow = 0x84222325;
/** The FNV 64 prime is 2^40 + 0x1b3: multiplying is `x * 0x1b3 + (x << 40)`. */
const primeLow = 0x1b3;
const ascii = /^[\0-\x7f]*$/;

/**
 * Alertmanager's identity of an alert: FNV-1a 64 over the label names in sorted order, each name and
 * each value followed by the byte 0xff, as 16 lowercase hex digits (prometheus/common
 * `LabelSet.Fingerprint`). Equal to the `fingerprint` Alertmanager sends for the same labels.
 *
 * Computed on two 32-bit halves rather than BigInt (ingestion hashes every alert); strings are hashed
 * as UTF-8, a lone surrogate as U+FFFD like Go's JSON decoder reads it.
 */
export function alertFingerprint(labels: Readonly<Record<string, string>>): string {
  const state = { high: offsetHigh, low: offsetLow };
  for (const name of Object.keys(labels).sort(compareUtf8)) {
    addString(state, name);
    addByte(state, separator);
    addString(state, labels[name] ?? '');
    addByte(state, separator);
  }
  return hex8(state.high) + hex8(state.low);
}

interface HashState {
  high: number;
  low: number;
}

function addString(state: HashState, text: string): void {
  if (ascii.test(text)) {
    for (let index = 0; index < text.length; index += 1) addByte(state, text.charCodeAt(index));
    return;
  }
  for (const byte of encoder.encode(text)) addByte(state, byte);
}

function addByte(state: HashState, byte: number): void {
  const low = (state.low ^ byte) >>> 0;
  // low * 0x1b3 < 2^41: exact in a double; its upper bits carry into the high half.
  const product = low * primeLow;
  const carry = Math.floor(product / 0x1_0000_0000);
  state.high = (Math.imul(state.high, primeLow) + (low << 8) + carry) >>> 0;
  state.low = product >>> 0;
}

function hex8(value: number): string {
  return value.toString(16).padStart(8, '0');
}
