const offset = 0xcbf29ce484222325n;
const prime = 0x100000001b3n;
const mask = 0xffffffffffffffffn;
const separator = 0xff;
const encoder = new TextEncoder();

/**
 * Alertmanager's identity of an alert: FNV-1a 64 over the label names in sorted order, each name and
 * each value followed by the byte 0xff, as 16 lowercase hex digits (prometheus/common
 * `LabelSet.Fingerprint`). Equal to the `fingerprint` Alertmanager sends for the same labels.
 */
export function alertFingerprint(labels: Readonly<Record<string, string>>): string {
  let hash = offset;
  const add = (byte: number) => {
    hash = ((hash ^ BigInt(byte)) * prime) & mask;
  };
  for (const name of Object.keys(labels).sort(compareBytes)) {
    for (const byte of encoder.encode(name)) add(byte);
    add(separator);
    for (const byte of encoder.encode(labels[name] ?? '')) add(byte);
    add(separator);
  }
  return hash.toString(16).padStart(16, '0');
}

/** Go sorts strings by their bytes; so does this (UTF-16 order differs above U+FFFF). */
function compareBytes(left: string, right: string): number {
  const a = encoder.encode(left);
  const b = encoder.encode(right);
  const length = Math.min(a.length, b.length);
  for (let index = 0; index < length; index += 1) {
    if (a[index] !== b[index]) return a[index]! - b[index]!;
  }
  return a.length - b.length;
}
