import assert from 'node:assert/strict';
import { test } from 'node:test';
import { alertFingerprint, goQuote, groupKeyOf, groupLabelsOf } from '../../../src/incidents/index.ts';
import { seededRandom } from './ingest-fixtures.ts';

const labels = { alertname: 'HighLatency', service: 'api', instance: 'api-1:9090', severity: 'warning' };

test('group labels: those named that the alert has; "..." takes them all', () => {
  assert.deepEqual(groupLabelsOf(labels, ['alertname', 'service', 'cluster']), {
    alertname: 'HighLatency',
    service: 'api',
  });
  assert.deepEqual(groupLabelsOf(labels, ['...']), labels);
  assert.deepEqual(groupLabelsOf(labels, []), {});
  assert.deepEqual(groupLabelsOf({ constructor: 'x' }, ['constructor', 'toString']), { constructor: 'x' });
});

test("group keys in Alertmanager's root-route format", () => {
  assert.equal(
    groupKeyOf(groupLabelsOf(labels, ['service', 'alertname'])),
    '{}:{alertname="HighLatency", service="api"}',
  );
  assert.equal(groupKeyOf({}), '{}:{}');
  assert.equal(
    groupKeyOf(labels),
    '{}:{alertname="HighLatency", instance="api-1:9090", service="api", severity="warning"}',
  );
  // Names in byte order: upper case before lower case, "a" before "a_b" before "ab".
  assert.equal(groupKeyOf({ ab: '1', a_b: '2', a: '3', Z: '4' }), '{}:{Z="4", a="3", a_b="2", ab="1"}');
  // UTF-8 order differs from UTF-16 above U+FFFF: U+FF5A sorts before U+1F600 in Go.
  assert.equal(groupKeyOf({ '😀': 'b', ｚ: 'a' }), '{}:{ｚ="a", 😀="b"}');
});

test("values are quoted as Go's strconv.Quote", () => {
  const cases: [string, string][] = [
    ['plain', '"plain"'],
    ['', '""'],
    ['say "hi"\\', '"say \\"hi\\"\\\\"'],
    ['\u0007\b\f\n\r\t\v', '"\\a\\b\\f\\n\\r\\t\\v"'],
    ['\u0000\u001b\u007f', '"\\x00\\x1b\\x7f"'],
    ['été 名前 😀', '"été 名前 😀"'],
    ['\u00a0\u200b\u2028\ufeff', '"\\u00a0\\u200b\\u2028\\ufeff"'],
    ['\u{e0001}', '"\\U000e0001"'],
    ['\ud800', '"\ufffd"'],
  ];
  for (const [value, quoted] of cases) assert.equal(goQuote(value), quoted, JSON.stringify(value));
});

/** The straightforward definition: FNV-1a 64 on BigInt, names sorted by their UTF-8 bytes. */
function referenceFingerprint(labelSet: Record<string, string>): string {
  const encoder = new TextEncoder();
  const bytes = (text: string) => [...encoder.encode(text)];
  const names = Object.keys(labelSet).sort((a, b) => Buffer.compare(encoder.encode(a), encoder.encode(b)));
  let hash = 0xcbf29ce484222325n;
  for (const name of names) {
    for (const byte of [...bytes(name), 0xff, ...bytes(labelSet[name]!), 0xff]) {
      hash = ((hash ^ BigInt(byte)) * 0x100000001b3n) & 0xffffffffffffffffn;
    }
  }
  return hash.toString(16).padStart(16, '0');
}

test('the fingerprint equals the BigInt definition, for ASCII, Unicode, astral and lone surrogates', () => {
  assert.equal(alertFingerprint({}), 'cbf29ce484222325');
  const random = seededRandom(99);
  const alphabet = [
    'a',
    'Z',
    '_',
    '0',
    ' ',
    'é',
    '名',
    '\uffff',
    '😀',
    '\ud800',
    '\udc00',
    '"',
    '\u0000',
    'ｚ',
  ];
  const text = () =>
    Array.from(
      { length: Math.floor(random() * 12) },
      () => alphabet[Math.floor(random() * alphabet.length)],
    ).join('');
  for (let round = 0; round < 2_000; round += 1) {
    const labelSet: Record<string, string> = {};
    for (let count = Math.floor(random() * 6); count > 0; count -= 1) labelSet[text() || 'n'] = text();
    assert.equal(alertFingerprint(labelSet), referenceFingerprint(labelSet), JSON.stringify(labelSet));
  }
});

test('group keys sort the written pairs, as Alertmanager does: a0="y" before a="x"', () => {
  assert.equal(
    groupKeyOf({ a: 'x', a0: 'y', B: 'w', a_b: 'z', alertname: 'A' }),
    '{}:{B="w", a0="y", a="x", a_b="z", alertname="A"}',
  );
});
