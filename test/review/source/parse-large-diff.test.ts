import assert from 'node:assert/strict';
import { Readable } from 'node:stream';
import { it } from 'node:test';
import { parseUnifiedDiff, parseUnifiedDiffStream } from '../../../src/review/source/index.ts';

/** A diff of `fileCount` files with five 27-line hunks each (about 11 KB per file). */
function largeDiff(fileCount: number): string {
  const body = Array.from(
    { length: 30 },
    (_, index) => `    const value${index} = compute(${index}, "some text that is moderately long");`,
  );
  const parts: string[] = [];
  for (let file = 0; file < fileCount; file++) {
    const path = `packages/module-${file % 97}/src/file-${file}.ts`;
    parts.push(
      `diff --git a/${path} b/${path}`,
      'index 1234567..89abcde 100644',
      `--- a/${path}`,
      `+++ b/${path}`,
    );
    for (let hunk = 0; hunk < 5; hunk++) {
      parts.push(`@@ -${1 + hunk * 100},27 +${1 + hunk * 100},27 @@ function f${hunk}() {`);
      body.forEach((line, index) => {
        parts.push(index % 10 === 5 ? `-${line}` : index % 10 === 6 ? `+${line}` : ` ${line}`);
      });
    }
  }
  return `${parts.join('\n')}\n`;
}

it('parses a 5,000-file, ~50 MB diff as text and as a stream', async () => {
  const text = largeDiff(5_000);
  assert.ok(text.length > 45_000_000);

  const files = parseUnifiedDiff(text);
  assert.equal(files.length, 5_000);
  assert.equal(files[4_999]?.hunks.length, 5);
  assert.equal(
    files.reduce((sum, file) => sum + file.additions, 0),
    5_000 * 5 * 3,
  );

  const bytes = Buffer.from(text);
  const chunks: Buffer[] = [];
  for (let offset = 0; offset < bytes.length; offset += 64 * 1024)
    chunks.push(bytes.subarray(offset, offset + 64 * 1024));
  const streamed = await parseUnifiedDiffStream(Readable.from(chunks));
  assert.equal(streamed.length, 5_000);
});

it('streams one 50 MB line (a minified bundle)', async () => {
  const bytes = Buffer.from(
    `--- /dev/null\n+++ b/bundle.min.js\n@@ -0,0 +1 @@\n+${'x'.repeat(50_000_000)}\n`,
  );
  const chunks: Buffer[] = [];
  for (let offset = 0; offset < bytes.length; offset += 64 * 1024)
    chunks.push(bytes.subarray(offset, offset + 64 * 1024));
  const [file] = await parseUnifiedDiffStream(Readable.from(chunks));
  assert.equal(file?.hunks[0]?.lines[0]?.length, 50_000_001);
});
