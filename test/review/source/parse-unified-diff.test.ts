import assert from 'node:assert/strict';
import { Readable } from 'node:stream';
import { describe, it } from 'node:test';
import { ExitCode } from '../../../src/errors/index.ts';
import {
  DiffParseError,
  parseFilePatch,
  parseUnifiedDiff,
  parseUnifiedDiffStream,
  unquoteGitPath,
} from '../../../src/review/source/index.ts';

const lines = (...text: string[]) => `${text.join('\n')}\n`;

function parseError(text: string): DiffParseError {
  try {
    parseUnifiedDiff(text);
  } catch (error) {
    assert.ok(error instanceof DiffParseError, `expected a DiffParseError, got ${String(error)}`);
    return error;
  }
  assert.fail('expected the diff to be rejected');
}

describe('parseUnifiedDiff', () => {
  it('reads an ordinary modification with its hunks, counts, modes and section', () => {
    const [file, ...rest] = parseUnifiedDiff(
      lines(
        'diff --git a/src/app.ts b/src/app.ts',
        'index 83db48f..bf269f4 100644',
        '--- a/src/app.ts',
        '+++ b/src/app.ts',
        '@@ -1,3 +1,4 @@ export function main() {',
        ' one',
        '-two',
        '+TWO',
        '+2.5',
        ' three',
        '@@ -10 +11 @@',
        '-ten',
        '+TEN',
      ),
    );
    assert.equal(rest.length, 0);
    assert.deepEqual(file, {
      path: 'src/app.ts',
      status: 'modified',
      binary: false,
      oldMode: '100644',
      newMode: '100644',
      additions: 3,
      deletions: 2,
      hunks: [
        {
          oldStart: 1,
          oldLines: 3,
          newStart: 1,
          newLines: 4,
          section: 'export function main() {',
          lines: [' one', '-two', '+TWO', '+2.5', ' three'],
        },
        { oldStart: 10, oldLines: 1, newStart: 11, newLines: 1, section: '', lines: ['-ten', '+TEN'] },
      ],
    });
  });

  it('reads additions, deletions, empty new files, mode changes, renames and copies', () => {
    const files = parseUnifiedDiff(
      lines(
        'diff --git a/new.ts b/new.ts',
        'new file mode 100755',
        'index 0000000..587be6b',
        '--- /dev/null',
        '+++ b/new.ts',
        '@@ -0,0 +1 @@',
        '+x',
        'diff --git a/gone.ts b/gone.ts',
        'deleted file mode 100644',
        'index 587be6b..0000000',
        '--- a/gone.ts',
        '+++ /dev/null',
        '@@ -1,2 +0,0 @@',
        '-x',
        '-y',
        'diff --git a/empty b/empty',
        'new file mode 100644',
        'index 0000000..e69de29',
        'diff --git a/run.sh b/run.sh',
        'old mode 100644',
        'new mode 100755',
        'diff --git a/old.ts b/moved/new.ts',
        'similarity index 100%',
        'rename from old.ts',
        'rename to moved/new.ts',
        'diff --git a/a.ts b/b.ts',
        'similarity index 87%',
        'rename from a.ts',
        'rename to b.ts',
        'index 1111111..2222222 100644',
        '--- a/a.ts',
        '+++ b/b.ts',
        '@@ -1 +1 @@',
        '-a',
        '+b',
        'diff --git a/base.ts b/copy.ts',
        'similarity index 95%',
        'copy from base.ts',
        'copy to copy.ts',
        'index 1111111..3333333 100644',
        '--- a/base.ts',
        '+++ b/copy.ts',
        '@@ -2,0 +3 @@',
        '+added',
      ),
    );
    const summary = files.map(({ hunks, ...rest }) => ({ ...rest, hunks: hunks.length }));
    assert.deepEqual(summary, [
      {
        path: 'new.ts',
        status: 'added',
        binary: false,
        newMode: '100755',
        additions: 1,
        deletions: 0,
        hunks: 1,
      },
      {
        path: 'gone.ts',
        status: 'deleted',
        binary: false,
        oldMode: '100644',
        additions: 0,
        deletions: 2,
        hunks: 1,
      },
      {
        path: 'empty',
        status: 'added',
        binary: false,
        newMode: '100644',
        additions: 0,
        deletions: 0,
        hunks: 0,
      },
      {
        path: 'run.sh',
        status: 'modified',
        binary: false,
        oldMode: '100644',
        newMode: '100755',
        additions: 0,
        deletions: 0,
        hunks: 0,
      },
      {
        path: 'moved/new.ts',
        oldPath: 'old.ts',
        status: 'renamed',
        binary: false,
        similarity: 100,
        additions: 0,
        deletions: 0,
        hunks: 0,
      },
      {
        path: 'b.ts',
        oldPath: 'a.ts',
        status: 'renamed',
        binary: false,
        similarity: 87,
        oldMode: '100644',
        newMode: '100644',
        additions: 1,
        deletions: 1,
        hunks: 1,
      },
      {
        path: 'copy.ts',
        oldPath: 'base.ts',
        status: 'copied',
        binary: false,
        similarity: 95,
        oldMode: '100644',
        newMode: '100644',
        additions: 1,
        deletions: 0,
        hunks: 1,
      },
    ]);
  });

  it('marks binary files, with or without a GIT binary patch, and gives them no hunks', () => {
    const files = parseUnifiedDiff(
      lines(
        'diff --git a/logo.png b/logo.png',
        'index 2ee55da..fe4db0d 100644',
        'Binary files a/logo.png and b/logo.png differ',
        'diff --git a/icon.png b/icon.png',
        'new file mode 100644',
        'index 0000000000000000000000000000000000000000..4f2f4b3e5bc3c8d51b08e28e1a7f2b33a3fb4d1a',
        'GIT binary patch',
        'literal 8',
        'PcmeAS@N?(olHy`uVBq!ia0vp^',
        '',
        'literal 0',
        'HcmV?d00001',
        '',
        'diff --git a/after.txt b/after.txt',
        'index 1111111..2222222 100644',
        '--- a/after.txt',
        '+++ b/after.txt',
        '@@ -1 +1 @@',
        '-a',
        '+b',
      ),
    );
    assert.deepEqual(
      files.map((file) => [file.path, file.status, file.binary, file.hunks.length]),
      [
        ['logo.png', 'modified', true, 0],
        ['icon.png', 'added', true, 0],
        ['after.txt', 'modified', false, 1],
      ],
    );
  });

  it('reads quoted paths with C escapes, decoding octal escapes as UTF-8 bytes', () => {
    const [quoted, unquoted, spaced, tabbed] = parseUnifiedDiff(
      lines(
        'diff --git "a/\\303\\251t\\303\\251.txt" "b/\\303\\251t\\303\\251.txt"',
        'index 1111111..2222222 100644',
        '--- "a/\\303\\251t\\303\\251.txt"',
        '+++ "b/\\303\\251t\\303\\251.txt"',
        '@@ -1 +1 @@',
        '-a',
        '+b',
        'diff --git a/docs/résumé.md b/docs/résumé.md',
        'index 1111111..2222222 100644',
        '--- a/docs/résumé.md',
        '+++ b/docs/résumé.md',
        '@@ -1 +1 @@',
        '-a',
        '+b',
        'diff --git a/my dir/a b/c.txt b/my dir/a b/c.txt',
        'old mode 100644',
        'new mode 100755',
        'diff --git "a/tab\\there \\"q\\" \\\\" "b/tab\\there \\"q\\" \\\\"',
        'new file mode 100644',
        'index 0000000..587be6b',
        '--- /dev/null',
        '+++ "b/tab\\there \\"q\\" \\\\"\t',
        '@@ -0,0 +1 @@',
        '+x',
      ),
    );
    assert.equal(quoted?.path, 'été.txt');
    assert.equal(unquoted?.path, 'docs/résumé.md');
    assert.equal(spaced?.path, 'my dir/a b/c.txt');
    assert.equal(tabbed?.path, 'tab\there "q" \\');
    assert.equal(unquoteGitPath('"\\346\\227\\245\\346\\234\\254.ts"'), '日本.ts');
    assert.equal(unquoteGitPath('"\\a\\b\\f\\v\\r\\n"'), '\x07\b\f\v\r\n');
    assert.equal(unquoteGitPath('"broken'), undefined);
    assert.equal(unquoteGitPath('"\\q"'), undefined);
  });

  it('takes renamed paths with spaces from the rename lines, and strips the tab git puts after spaced paths', () => {
    const [renamed, edited] = parseUnifiedDiff(
      lines(
        'diff --git a/old name b/x.txt b/new name b/y.txt',
        'similarity index 100%',
        'rename from old name b/x.txt',
        'rename to new name b/y.txt',
        'diff --git a/with space.txt b/with space.txt',
        'index 1111111..2222222 100644',
        '--- a/with space.txt\t',
        '+++ b/with space.txt\t',
        '@@ -1 +1 @@',
        '-a',
        '+b',
      ),
    );
    assert.equal(renamed?.path, 'new name b/y.txt');
    assert.equal(renamed?.oldPath, 'old name b/x.txt');
    assert.equal(edited?.path, 'with space.txt');
  });

  it('sets the no-newline flags on the hunk instead of adding a line', () => {
    const [both, oldOnly, newOnly, context] = parseUnifiedDiff(
      lines(
        'diff --git a/a b/a',
        '--- a/a',
        '+++ b/a',
        '@@ -1 +1 @@',
        '-end',
        '\\ No newline at end of file',
        '+END',
        '\\ No newline at end of file',
        'diff --git a/b b/b',
        '--- a/b',
        '+++ b/b',
        '@@ -1 +1 @@',
        '-end',
        '\\ No newline at end of file',
        '+end',
        'diff --git a/c b/c',
        '--- a/c',
        '+++ b/c',
        '@@ -1 +1 @@',
        '-end',
        '+end',
        '\\ No newline at end of file',
        'diff --git a/d b/d',
        '--- a/d',
        '+++ b/d',
        '@@ -1,2 +1,2 @@',
        '-start',
        '+START',
        ' end',
        '\\ No newline at end of file',
      ),
    );
    const flags = (file: typeof both) => [
      file?.hunks[0]?.oldNoNewlineAtEnd,
      file?.hunks[0]?.newNoNewlineAtEnd,
    ];
    assert.deepEqual(flags(both), [true, true]);
    assert.deepEqual(flags(oldOnly), [true, undefined]);
    assert.deepEqual(flags(newOnly), [undefined, true]);
    assert.deepEqual(flags(context), [true, true]);
    assert.deepEqual(both?.hunks[0]?.lines, ['-end', '+END']);
    assert.deepEqual(context?.hunks[0]?.lines, ['-start', '+START', ' end']);
  });

  it("keeps a CRLF file's \\r in its lines, and drops the diff's own CRLF line endings", () => {
    const diff = lines(
      'diff --git a/win.txt b/win.txt',
      'index 1111111..2222222 100644',
      '--- a/win.txt',
      '+++ b/win.txt',
      '@@ -1,2 +1,3 @@',
      ' a\r',
      '-b\r',
      '+B\r',
      '+C\r',
    );
    const [file] = parseUnifiedDiff(diff);
    assert.deepEqual(file?.hunks[0]?.lines, [' a\r', '-b\r', '+B\r', '+C\r']);

    const unixContent = lines(
      'diff --git a/unix.txt b/unix.txt',
      '--- a/unix.txt',
      '+++ b/unix.txt',
      '@@ -1,2 +1,2 @@',
      ' a',
      '-b',
      '+B',
    );
    const [viaCrlf] = parseUnifiedDiff(unixContent.replaceAll('\n', '\r\n'));
    assert.deepEqual(viaCrlf, parseUnifiedDiff(unixContent)[0]);
  });

  it('reads bare ---/+++ diffs and skips e-mail text around a git patch', () => {
    const bare = parseUnifiedDiff(
      lines(
        'Only text before the diff',
        '--- a/one.txt\t2024-01-01 00:00:00.000000000 +0000',
        '+++ b/one.txt\t2024-01-02 00:00:00.000000000 +0000',
        '@@ -1 +1 @@',
        '-a',
        '+b',
        '--- /dev/null',
        '+++ b/two.txt',
        '@@ -0,0 +1 @@',
        '+new',
      ),
    );
    assert.deepEqual(
      bare.map((file) => [file.path, file.status]),
      [
        ['one.txt', 'modified'],
        ['two.txt', 'added'],
      ],
    );
    const patch = parseUnifiedDiff(
      lines(
        'From 1234567890abcdef Mon Sep 17 00:00:00 2001',
        'Subject: [PATCH] Fix',
        '',
        '---',
        ' a.txt | 2 +-',
        '',
        'diff --git a/a.txt b/a.txt',
        'index 1111111..2222222 100644',
        '--- a/a.txt',
        '+++ b/a.txt',
        '@@ -1 +1 @@',
        '-a',
        '+b',
        '-- ',
        '2.39.5',
        '',
      ),
    );
    assert.equal(patch.length, 1);
    assert.equal(patch[0]?.hunks[0]?.lines.length, 2);
  });

  it('reads an empty diff as no files, and treats an empty line inside a hunk as an empty context line', () => {
    assert.deepEqual(parseUnifiedDiff(''), []);
    assert.deepEqual(parseUnifiedDiff('\n'), []);
    const [file] = parseUnifiedDiff(lines('--- a/x', '+++ b/x', '@@ -1,3 +1,3 @@', ' a', '', '-b', '+c'));
    assert.deepEqual(file?.hunks[0]?.lines, [' a', ' ', '-b', '+c']);
  });

  it('parses a stream cut anywhere, even inside a multi-byte character, as it parses the whole text', async () => {
    const text = lines(
      'diff --git a/docs/résumé.md b/docs/résumé.md',
      '--- a/docs/résumé.md',
      '+++ b/docs/résumé.md',
      '@@ -1,2 +1,2 @@',
      ' 日本語のテキスト',
      '-😀 old',
      '+😀 new',
    );
    const bytes = Buffer.from(text);
    const expected = parseUnifiedDiff(text);
    for (let size = 1; size <= 7; size++) {
      const chunks: Buffer[] = [];
      for (let offset = 0; offset < bytes.length; offset += size)
        chunks.push(bytes.subarray(offset, offset + size));
      assert.deepEqual(
        await parseUnifiedDiffStream(Readable.from(chunks)),
        expected,
        `chunks of ${size} bytes`,
      );
    }
  });
});

describe('parseUnifiedDiff rejects malformed input, saying what and at which line', () => {
  const header = ['diff --git a/x b/x', 'index 1111111..2222222 100644', '--- a/x', '+++ b/x'];

  const cases: { name: string; diff: string; line: number; match: RegExp }[] = [
    {
      name: 'a hunk cut short by the end of the input',
      diff: lines(...header, '@@ -1,3 +1,3 @@', ' a', '-b'),
      line: 7,
      match: /hunk at line 5 .* ends early: 2 of 3 old and 1 of 3 new lines, then the input ends/,
    },
    {
      name: 'a hunk cut short by the next file',
      diff: lines(...header, '@@ -1,2 +1,2 @@', ' a', 'diff --git a/y b/y'),
      line: 7,
      match: /ends early: 1 of 2 old and 1 of 2 new lines, then `diff --git a\/y b\/y`/,
    },
    {
      name: 'more lines than the header declares',
      diff: lines(...header, '@@ -1,2 +1,2 @@', ' a', ' b', ' c'),
      line: 8,
      match: /hunk at line 5 .* has more lines than its header declares \(2 old, 2 new\)/,
    },
    {
      name: 'more removed lines than declared',
      diff: lines(...header, '@@ -1 +1,3 @@', '-a', '-b', '+c'),
      line: 7,
      match: /has more removed lines than its header declares/,
    },
    {
      name: 'a bad hunk header',
      diff: lines(...header, '@@ -1,x +1 @@', '-a'),
      line: 5,
      match: /bad hunk header `@@ -1,x \+1 @@`/,
    },
    {
      name: 'an unknown header line',
      diff: lines('diff --git a/x b/x', 'frobnicate 12'),
      line: 2,
      match: /unexpected line in the header of a file: `frobnicate 12`/,
    },
    {
      name: 'a --- line without +++',
      diff: lines('diff --git a/x b/x', '--- a/x', '@@ -1 +1 @@'),
      line: 3,
      match: /expected a `\+\+\+` line after `---`/,
    },
    {
      name: 'a file header without hunks',
      diff: lines(...header),
      line: 4,
      match: /ends before the first hunk/,
    },
    {
      name: 'a hunk before any file',
      diff: lines('@@ -1 +1 @@', '-a', '+b'),
      line: 1,
      match: /a hunk before any file header/,
    },
    {
      name: 'hunks out of order',
      diff: lines(...header, '@@ -10 +10 @@', '-a', '+b', '@@ -1 +1 @@', '-c', '+d'),
      line: 8,
      match: /overlaps or comes before the previous hunk/,
    },
    {
      name: 'a bad file mode',
      diff: lines('diff --git a/x b/x', 'old mode 644'),
      line: 2,
      match: /bad file mode `644`/,
    },
    {
      name: 'a no-newline marker with no line before it',
      diff: lines(...header, '@@ -0,0 +0,0 @@', '\\ No newline at end of file'),
      line: 6,
      match: /marker must follow a hunk line/,
    },
    {
      name: 'a rename without its target',
      diff: lines('diff --git a/x b/y', 'similarity index 100%', 'rename from x'),
      line: 1,
      match: /rename needs both/,
    },
    {
      name: 'a combined merge diff',
      diff: lines('diff --cc file.txt', 'index 1,2..3'),
      line: 1,
      match: /combined diffs of merge commits/,
    },
    {
      name: 'text that is not a diff at all',
      diff: lines('hello', 'world'),
      line: 1,
      match: /no file header found/,
    },
    {
      name: 'broken quoting',
      diff: lines('diff --git a/x b/x', '--- "a/x', '+++ b/x'),
      line: 2,
      match: /cannot read the path in `--- "a\/x`/,
    },
  ];

  for (const testCase of cases) {
    it(testCase.name, () => {
      const error = parseError(testCase.diff);
      assert.equal(error.line, testCase.line, error.message);
      assert.match(error.message, testCase.match);
      assert.match(error.message, new RegExp(`^malformed diff at line ${testCase.line}: `));
      assert.equal(error.exitCode, ExitCode.usage);
      assert.ok(error.hint !== undefined);
    });
  }
});

describe('parseFilePatch', () => {
  it("reads GitHub's header-less patches and names the file in errors", () => {
    const parsed = parseFilePatch('@@ -1,2 +1,2 @@ class A\n a\n-b\n+c\n\\ No newline at end of file', {
      path: 'src/a.ts',
    });
    assert.equal(parsed.additions, 1);
    assert.equal(parsed.deletions, 1);
    assert.deepEqual(parsed.hunks[0], {
      oldStart: 1,
      oldLines: 2,
      newStart: 1,
      newLines: 2,
      section: 'class A',
      lines: [' a', '-b', '+c'],
      newNoNewlineAtEnd: true,
    });
    assert.throws(
      () => parseFilePatch('@@ -1,2 +1,2 @@\n a\n', { path: 'src/a.ts', source: 'GitHub patch of src/a.ts' }),
      (error: unknown) =>
        error instanceof DiffParseError &&
        error.line === 2 &&
        /^malformed GitHub patch of src\/a\.ts at line 2: .*ends early/.test(error.message),
    );
    assert.throws(() => parseFilePatch('diff --git a/x b/x\n', { path: 'x' }), /expected a hunk header/);
  });
});
