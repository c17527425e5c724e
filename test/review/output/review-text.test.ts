import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { formatReviewText } from '../../../src/review/output/index.ts';
import {
  emptyReport,
  finding,
  fullReport,
  localSource,
  planOnlyReport,
  report,
  unit,
} from './report-fixtures.ts';

const escapeCharacter = '\u001b';
const ansiCodes = new RegExp(`${escapeCharacter}\\[[0-9;]*m`, 'g');

describe('formatReviewText', () => {
  it('heads the review with what was reviewed and how many files each part covered', () => {
    const lines = formatReviewText(fullReport()).split('\n');
    assert.equal(lines[0], 'Steward review of acme/shop#123 (1a2b3c4..5d6e7f8)');
    assert.equal(
      lines[1],
      '  9 files in the change: 4 reviewed, 2 skipped, 1 left out, 2 unseen, 1 incomplete',
    );
    const local = formatReviewText(emptyReport()).split('\n');
    assert.equal(local[0], 'Steward review of main..feature/cart (staged)');
    assert.equal(local[1], '  1 file in the change: 1 reviewed, 0 skipped, 0 left out');
  });

  it('groups findings by file, most severe file first and by line within a file', () => {
    const text = formatReviewText(fullReport());
    assert.match(text, /^5 findings in 4 files \(3 hints\)$/m);
    const files = [
      'src/auth/login.ts',
      'src/path with spaces/file #1.ts',
      'docs/naïve café/ünïcödé.md',
      'src/日本語/テスト.ts',
    ];
    const positions = files.map((path) => text.indexOf(`\n${path}\n`));
    assert.ok(
      positions.every((position) => position > 0),
      String(positions),
    );
    assert.deepEqual(
      [...positions].sort((left, right) => left - right),
      positions,
    );
    assert.match(
      text,
      /^ {2}L12-14 {2}critical {2}security {9}Unsafe <script>alert\(1\)<\/script> \| `eval` in \*\*handler\*\*$/m,
    );
    assert.match(text, /^ {2}L40 {5}medium {4}bug {14}\(hint\) Error swallowed$/m);
    assert.match(text, /^ {2}L3-5 {4}high {6}performance {6}Query inside a loop \| N\+1$/m);
    assert.ok(text.indexOf('L12-14') < text.indexOf('L40'));
  });

  it('indents explanations and shows a replacement as a suggested change', () => {
    const text = formatReviewText(fullReport());
    assert.match(text, /^ {6}Ping @octocat and @acme\/security-team\.$/m);
    assert.match(
      text,
      /^ {6}suggested change:\n {8}\+ const result = safeParse\(req\.query\.q\);\n {8}\+ return result;\n {2}L40/m,
    );
  });

  it('prints no ANSI codes unless asked, and never lets model text drive the terminal', () => {
    const plain = formatReviewText(fullReport());
    assert.ok(!plain.includes(escapeCharacter));
    assert.ok(!plain.includes('\u202e'));
    assert.match(plain, /Colour: \\u001b\[31mred\\u001b\[0m and \\u202etxt\.exe/);

    const colored = formatReviewText(fullReport(), { color: true });
    assert.ok(colored.includes(`${escapeCharacter}[`));
    assert.match(colored, /\\u001b\[31mred/);
    assert.equal(colored.replace(ansiCodes, ''), plain);
  });

  it('lists what was not reviewed and why, and the findings that were dropped', () => {
    const text = formatReviewText(fullReport());
    const notReviewed = text.slice(text.indexOf('\nNot reviewed\n'));
    assert.match(
      notReviewed,
      /^ {2}2 files skipped:\n {4}lock file \(1\)\n {6}package-lock\.json\n {4}minified \(1\)\n {6}dist\/app\.min\.js$/m,
    );
    assert.match(
      notReviewed,
      /^ {2}1 unit left out \(1 file\), riskiest first:\n {4}risk 0\.15 {2}src\/legacy\.ts {2}left out to fit the budget \(risk 0\.15\)$/m,
    );
    assert.match(
      notReviewed,
      /^ {2}2 changes the source could not see:\n {4}beyond the 3,000-file listing \(1\)\n {6}assets\/huge\.bin\n {4}listing cut short \(1\)$/m,
    );
    assert.match(
      notReviewed,
      /^ {2}1 unit incomplete:\n {4}unit-4 {2}src\/cart\.ts {2}budget refused: run limit \$2\.00 reached$/m,
    );
    assert.match(
      text,
      /^3 findings dropped: not on changed lines\n1 finding merged into another one on the same lines\n2 answers dropped: not valid findings$/m,
    );
    assert.match(text, /^Notes\n {2}- Set OPENAI_API_KEY to use the balanced tier\.$/m);
  });

  it('ends with what the review cost against its budget and estimate', () => {
    assert.ok(formatReviewText(fullReport()).endsWith('\ncost $0.0123 of $2.00 budget (estimated $0.04)\n'));
    assert.ok(
      formatReviewText(emptyReport()).endsWith('\ncost $0.0019 of $2.00 budget (estimated $0.0025)\n'),
    );
  });

  it('says so when there are no findings', () => {
    const text = formatReviewText(emptyReport());
    assert.match(text, /^No findings\.$/m);
    assert.ok(!text.includes('Not reviewed'));
    assert.ok(!text.includes('dropped'));
  });

  it('prints the plan table for a plan, and that nothing was called or spent', () => {
    const text = formatReviewText(planOnlyReport());
    const lines = text.split('\n');
    assert.equal(lines[0], 'Steward plan for acme/shop#123 (1a2b3c4..5d6e7f8)');
    assert.equal(lines[1], '  9 files in the change: 5 to review, 2 skipped, 1 left out, 2 unseen');
    const header = lines.find((line) => line.startsWith('UNIT'));
    assert.ok(header != null);
    assert.match(
      header,
      /^UNIT +FILES +DECISION +RISK +TIER +MODEL +IN TOKENS +OUT CAP +EST\. COST +REASON$/,
    );
    const row = (id: string) => lines.find((line) => line.startsWith(`${id} `)) ?? '';
    assert.match(
      row('unit-1'),
      /^unit-1 +src\/auth\/login\.ts +review \(complex\) +0\.82 +deep +anthropic:claude-sonnet-4 +1,200 +800 +\$0\.0025 +risk 0\.82 ≥ 0\.65$/,
    );
    assert.match(row('unit-2'), /^unit-2 +src\/path with spaces\/file #1\.ts \+1 more +review \(standard\)/);
    assert.match(
      row('unit-5'),
      /^unit-5 +src\/legacy\.ts +left out +0\.15 .* left out to fit the budget \(risk 0\.15\)$/,
    );
    // Columns line up, wide characters counted as two columns.
    const decisionColumn = header.indexOf('DECISION');
    for (const id of ['unit-1', 'unit-2', 'unit-4', 'unit-5'])
      assert.equal(row(id).search(/review|left out/), decisionColumn, id);
    assert.match(
      text,
      /^total: 4 units to review \(5 files\), 4,800 input tokens, estimated \$0\.04 of \$2\.00 budget$/m,
    );
    assert.match(text, /^ +1 unit left out, estimated \$0\.0025$/m);
    assert.ok(
      text.endsWith('\nestimated cost $0.04 of $2.00 budget: nothing was called and nothing was spent\n'),
    );
    assert.ok(!/^cost /m.test(text));
    assert.ok(!text.includes('left out (1 file)'), 'left-out units are in the table, not listed twice');
  });

  it('collapses long lists, keeping every reason visible', () => {
    const reasons = ['generated file', 'lock file', 'vendored', 'binary', 'too large'];
    const skipped = Array.from({ length: 5_000 }, (_, index) => ({
      path: `gen/${index}.js`,
      reason: reasons[index % 5] ?? 'binary',
    }));
    const leftOut = Array.from({ length: 25 }, (_, index) => ({
      unit: unit({
        id: `unit-${index}`,
        paths: [`a${index}.ts`, `b${index}.ts`, `c${index}.ts`, `d${index}.ts`],
      }),
      reason: 'left out to fit the budget',
    }));
    const text = formatReviewText(
      report({
        fileCount: 5_100,
        source: localSource,
        plan: { units: [], skipped, leftOut, estimatedCostMicros: 0, budgetMicros: 1_000_000 },
        unseen: Array.from({ length: 40 }, (_, index) => ({
          path: `x${index}`,
          reason: 'beyond the listing',
        })),
        incomplete: Array.from({ length: 12 }, (_, index) => ({
          unitId: `u${index}`,
          paths: ['p.ts'],
          reason: 'failed',
        })),
      }),
    );
    assert.match(text, /^ {2}5,000 files skipped:$/m);
    for (const reason of reasons)
      assert.match(
        text,
        new RegExp(`^ {4}${reason} \\(1,000\\)\\n( {6}gen/\\d+\\.js\\n){3} {6}… and 997 more$`, 'm'),
      );
    assert.match(text, /^ {4}risk 0\.50 {2}a0\.ts, b0\.ts, c0\.ts \+1 more {2}left out to fit the budget$/m);
    assert.match(text, /^ {4}… and 15 more units$/m);
    assert.match(text, /^ {4}beyond the listing \(40\)\n( {6}x\d+\n){3} {6}… and 37 more$/m);
    assert.match(text, /^ {4}… and 2 more units$/m);
    assert.ok(text.split('\n').length < 100);
  });

  it('keeps paths, titles and reasons on one line', () => {
    const text = formatReviewText(
      report({
        fileCount: 1,
        findings: [finding({ path: 'a\nb.ts', title: 'two\nlines', explanation: '' })],
      }),
    );
    assert.match(text, /^a\\nb\.ts$/m);
    assert.match(text, /^ {2}L10 {2}medium {4}bug {14}two\\nlines$/m);
  });
});
