import assert from 'node:assert/strict';
import { Readable } from 'node:stream';
import { describe, it } from 'node:test';
import type { FileChange } from '../../../src/review/change-set.ts';
import {
  DiffParseError,
  parseUnifiedDiff,
  parseUnifiedDiffStream,
} from '../../../src/review/source/index.ts';
import { createRandom, formatUnifiedDiff, type Random, randomFileChanges } from './random-diff.ts';

const seeds = Array.from({ length: 200 }, (_, index) => index + 1);

function generate(seed: number): { random: Random; files: FileChange[]; diff: string[] } {
  const random = createRandom(seed);
  const files = randomFileChanges(random, random.integer(1, 12));
  return { random, files, diff: formatUnifiedDiff(files, random) };
}

function rejection(text: string): DiffParseError {
  try {
    parseUnifiedDiff(text);
  } catch (error) {
    if (error instanceof DiffParseError) return error;
    throw error;
  }
  assert.fail('expected a DiffParseError');
}

/** Where each hunk's header and body lines sit in the diff (0-based indexes). */
function hunkSpans(diff: string[]): { header: number; end: number }[] {
  const spans: { header: number; end: number }[] = [];
  diff.forEach((line, index) => {
    if (!line.startsWith('@@ ')) return;
    let end = index + 1;
    while (end < diff.length && /^[ +\-\\]/.test(diff[end]!)) end++;
    spans.push({ header: index, end });
  });
  return spans;
}

describe('parseUnifiedDiff on random well-formed diffs', () => {
  it('gives back exactly the files, hunks, line counts and flags that were written', () => {
    for (const seed of seeds) {
      const { files, diff } = generate(seed);
      assert.deepEqual(parseUnifiedDiff(`${diff.join('\n')}\n`), files, `seed ${seed}`);
    }
  });

  it('reads the same diff written with CRLF line endings, or without a final newline', () => {
    for (const seed of seeds.slice(0, 50)) {
      const diff = generate(seed).diff.map((line) => line.replaceAll('\r', ''));
      const expected = parseUnifiedDiff(`${diff.join('\n')}\n`);
      assert.deepEqual(parseUnifiedDiff(`${diff.join('\r\n')}\r\n`), expected, `seed ${seed}, CRLF`);
      assert.deepEqual(parseUnifiedDiff(diff.join('\n')), expected, `seed ${seed}, no final newline`);
    }
  });

  it('reads a stream cut into random chunks as it reads the whole text', async () => {
    for (const seed of seeds.slice(0, 50)) {
      const { random, diff } = generate(seed);
      const bytes = Buffer.from(`${diff.join('\n')}\n`);
      const chunks: Buffer[] = [];
      for (let offset = 0; offset < bytes.length; ) {
        const size = random.integer(1, 64);
        chunks.push(bytes.subarray(offset, offset + size));
        offset += size;
      }
      assert.deepEqual(
        await parseUnifiedDiffStream(Readable.from(chunks)),
        parseUnifiedDiff(bytes.toString()),
      );
    }
  });
});

describe('parseUnifiedDiff on damaged diffs', () => {
  it('rejects a diff truncated inside a hunk at its last line', () => {
    for (const seed of seeds) {
      const { random, diff } = generate(seed);
      const inside = hunkSpans(diff).flatMap(({ header, end }) =>
        Array.from({ length: end - header - 1 }, (_, offset) => header + 1 + offset).filter(
          (index) => index < end - 1 && !diff[index + 1]!.startsWith('\\'),
        ),
      );
      if (inside.length === 0) continue;
      const cut = random.pick(inside);
      const error = rejection(diff.slice(0, cut + 1).join('\n'));
      assert.equal(error.line, cut + 1, `seed ${seed}: ${error.message}`);
      assert.match(error.message, /ends early/);
    }
  });

  it('rejects a hunk header whose count is one too high, at the line after the hunk', () => {
    for (const seed of seeds) {
      const { random, diff } = generate(seed);
      const spans = hunkSpans(diff);
      if (spans.length === 0) continue;
      const { header, end } = random.pick(spans);
      const damaged = [...diff];
      damaged[header] = diff[header]!.replace(/^@@ -(\d+)(?:,(\d+))?/, (_, start, count) => {
        return `@@ -${start},${Number(count ?? 1) + 1}`;
      });
      const error = rejection(damaged.join('\n'));
      assert.equal(error.line, Math.min(end + 1, diff.length), `seed ${seed}: ${error.message}`);
      assert.match(error.message, new RegExp(`hunk at line ${header + 1} `));
    }
  });

  it('rejects a hunk header whose count is one too low, at the first line beyond it', () => {
    for (const seed of seeds) {
      const { random, diff } = generate(seed);
      const spans = hunkSpans(diff).filter(({ header }) =>
        /^@@ -\d+(,\d+)? \+\d+,([1-9]\d*)/.test(diff[header]!),
      );
      if (spans.length === 0) continue;
      const { header, end } = random.pick(spans);
      const damaged = [...diff];
      let newCount = 0;
      damaged[header] = diff[header]!.replace(/ \+(\d+),(\d+)/, (_, start, count) => {
        newCount = Number(count) - 1;
        return ` +${start},${newCount}`;
      });
      let expected = 0;
      let oldLeft = Number(/^@@ -\d+(?:,(\d+))?/.exec(diff[header]!)![1] ?? 1);
      let newLeft = newCount;
      for (let index = header + 1; index < end && expected === 0; index++) {
        const kind = diff[index]![0];
        if (kind === '\\') continue;
        const usesOld = kind !== '+';
        const usesNew = kind !== '-';
        if ((usesOld && oldLeft === 0) || (usesNew && newLeft === 0)) expected = index + 1;
        if (usesOld) oldLeft--;
        if (usesNew) newLeft--;
      }
      const error = rejection(damaged.join('\n'));
      assert.equal(error.line, expected, `seed ${seed}: ${error.message}`);
      assert.match(error.message, /more .*lines than its header declares/);
    }
  });

  it('rejects a stray line inside a hunk, and a broken hunk header, at that line', () => {
    for (const seed of seeds) {
      const { random, diff } = generate(seed);
      const spans = hunkSpans(diff);
      if (spans.length === 0) continue;
      const { header, end } = random.pick(spans);
      const at = random.integer(header + 1, end - 1);
      const stray = [...diff.slice(0, at), 'stray text', ...diff.slice(at)];
      if (!diff[at - 1]!.startsWith('@@') || hunkBodyLeft(diff, header, at)) {
        const error = rejection(stray.join('\n'));
        assert.equal(error.line, at + 1, `seed ${seed}: ${error.message}`);
      }
      const broken = [...diff];
      broken[header] = diff[header]!.replace('@@ -', '@@ ~');
      assert.equal(rejection(broken.join('\n')).line, header + 1, `seed ${seed}`);
    }
  });
});

/** Whether the hunk still expects lines before index `at` (so a stray line there cuts it short). */
function hunkBodyLeft(diff: string[], header: number, at: number): boolean {
  const match = /^@@ -\d+(?:,(\d+))? \+\d+(?:,(\d+))?/.exec(diff[header]!)!;
  let left = Number(match[1] ?? 1) + Number(match[2] ?? 1);
  for (let index = header + 1; index < at; index++) {
    const kind = diff[index]![0];
    if (kind === ' ') left -= 2;
    else if (kind === '+' || kind === '-') left -= 1;
  }
  return left > 0;
}
