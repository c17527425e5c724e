import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { formatReviewMarkdown, githubCommentLimit } from '../../../src/review/output/index.ts';
import {
  emptyReport,
  finding,
  fullReport,
  headSha,
  localSource,
  planOnlyReport,
  report,
} from './report-fixtures.ts';

const blob = `https://github.com/acme/shop/blob/${headSha}`;

/** Pipes that Markdown reads as table-cell separators: not escaped with a backslash. */
function cellSeparators(line: string): number {
  let count = 0;
  for (let index = 0; index < line.length; index++) {
    if (line[index] === '\\') index++;
    else if (line[index] === '|') count++;
  }
  return count;
}

/** Every HTML tag in the output, in order. */
function tags(markdown: string): string[] {
  return markdown.match(/<\/?[a-z][^>]*>/gi) ?? [];
}

describe('formatReviewMarkdown', () => {
  it('opens with a summary line: what was reviewed, findings, files, cost against budget', () => {
    const markdown = formatReviewMarkdown(fullReport());
    const [title, , summary] = markdown.split('\n');
    assert.equal(
      title,
      '### Steward review of [acme/shop\\#123 \\(1a2b3c4\\.\\.5d6e7f8\\)](https://github.com/acme/shop/pull/123)',
    );
    assert.equal(
      summary,
      '**5 findings** in 4 files (3 hints) · 9 files in the change: 4 reviewed, 2 skipped, 1 left out, 2 unseen, 1 incomplete · cost \\$0.0123 of \\$2.00 budget (estimated \\$0.04)',
    );
  });

  it('shows posted findings per file with line links, and hints collapsed in a table', () => {
    const markdown = formatReviewMarkdown(fullReport());
    assert.ok(
      markdown.includes(
        `#### [src/auth/login\\.ts](${blob}/src/auth/login.ts)\n\n**critical** · security · [L12-14](${blob}/src/auth/login.ts#L12-L14) — `,
      ),
    );
    assert.ok(
      markdown.includes(
        `#### [src/path with spaces/file \\#1\\.ts](${blob}/src/path%20with%20spaces/file%20%231.ts)\n\n**high** · performance · [L3-5](${blob}/src/path%20with%20spaces/file%20%231.ts#L3-L5) — Query inside a loop \\| N\\+1\n\nEach item runs its own query\\.\n`,
      ),
    );
    assert.ok(
      markdown.includes(
        '<details><summary>3 hints: less sure or less severe</summary>\n\n| File | Lines | Severity | Category | Finding |\n| --- | --- | --- | --- | --- |\n',
      ),
    );
    assert.ok(
      markdown.includes(
        `| src/auth/login\\.ts | [L40](${blob}/src/auth/login.ts#L40) | medium | bug | Error swallowed |`,
      ),
    );
    assert.ok(
      markdown.includes(`[L7](${blob}/docs/na%C3%AFve%20caf%C3%A9/%C3%BCn%C3%AFc%C3%B6d%C3%A9.md#L7)`),
    );
    assert.ok(
      markdown.includes(
        `[L1-2](${blob}/src/%E6%97%A5%E6%9C%AC%E8%AA%9E/%E3%83%86%E3%82%B9%E3%83%88.ts#L1-L2)`,
      ),
    );
    // Hints are not also shown as posted findings.
    assert.ok(!markdown.includes('**medium** · bug'));
    assert.ok(markdown.indexOf('#### ') < markdown.indexOf('<details><summary>3 hints'));
  });

  it('shows a replacement as a suggested change in a fence that its content cannot close', () => {
    const markdown = formatReviewMarkdown(
      report({ fileCount: 1, findings: [finding({ replacement: 'a ``` b\n`````\n</details>\n' })] }),
    );
    assert.ok(
      markdown.includes(
        '<details><summary>Suggested change</summary>\n\n``````\na ``` b\n`````\n</details>\n``````\n\n</details>\n\n',
      ),
    );
  });

  it('does not let model text inject HTML, break a table, mention people or start Markdown blocks', () => {
    const markdown = formatReviewMarkdown(fullReport());
    assert.deepEqual(tags(markdown), [
      '<details>',
      '<summary>',
      '</summary>',
      '</details>',
      '<details>',
      '<summary>',
      '</summary>',
      '</details>',
      '<details>',
      '<summary>',
      '</summary>',
      '</details>',
      '<sub>',
      '</sub>',
    ]);
    assert.ok(
      markdown.includes(
        'Unsafe &lt;script&gt;alert\\(1\\)&lt;/script&gt; \\| \\`eval\\` in \\*\\*handler\\*\\*',
      ),
    );
    assert.ok(markdown.includes('&lt;/details&gt;&lt;details open&gt;&lt;summary&gt;pwned'));
    assert.ok(!markdown.includes('<!'));
    assert.ok(!/@octocat|@acme/.test(markdown));
    assert.ok(markdown.includes('Ping @\u200boctocat and @\u200bacme/security\\-team\\.'));
    assert.ok(!markdown.includes('\u001b') && !markdown.includes('\u202e'));
    for (const line of markdown.split('\n')) {
      if (line.startsWith('|')) assert.equal(cellSeparators(line), 6, line);
      if (/^#{1,6} /.test(line)) assert.match(line, /^#{3,4} (Steward|\[)/, line);
      assert.ok(!/^(```|~~~|[-+*] |\d+[.)] |>)/.test(line) || /^(- |``````|```$)/.test(line), line);
    }
    // The explanation's own lines stay inert: no table row, heading or fence.
    assert.ok(markdown.includes('\n\\| a \\| b \\|\n\\# heading\n\\`\\`\\`\n'));
  });

  it('collapses what was not reviewed, and lists dropped findings and notes', () => {
    const markdown = formatReviewMarkdown(fullReport());
    assert.ok(
      markdown.includes(
        [
          '<details><summary>Not reviewed: 2 files skipped, 1 unit left out, 2 changes unseen, 1 unit incomplete</summary>',
          '',
          '**Skipped: 2 files**',
          '',
          '- lock file (1): `package-lock.json`',
          '- minified (1): `dist/app.min.js`',
          '',
          '**Left out to fit the budget, riskiest first: 1 unit**',
          '',
          '- risk 0.15: `src/legacy.ts` — left out to fit the budget \\(risk 0\\.15\\)',
          '',
          '**Not seen by the source: 2 changes**',
          '',
          '- beyond the 3,000\\-file listing (1): `assets/huge.bin`',
          '- listing cut short (1)',
          '',
          '**Incomplete: 1 unit**',
          '',
          '- `unit-4`: `src/cart.ts` — budget refused: run limit \\$2\\.00 reached',
          '',
          '</details>',
        ].join('\n'),
      ),
    );
    assert.ok(
      markdown.includes(
        '3 findings dropped: not on changed lines · 1 finding merged into another one on the same lines · 2 answers dropped: not valid findings\n\n**Notes**\n\n- Set OPENAI\\_API\\_KEY to use the balanced tier\\.\n\n<sub>Steward run run\\-42</sub>\n',
      ),
    );
  });

  it('links nothing for a local change', () => {
    const markdown = formatReviewMarkdown(
      report({
        source: localSource,
        fileCount: 1,
        findings: [finding({ route: 'post' }), finding({ route: 'hint', startLine: 20, endLine: 20 })],
      }),
    );
    assert.ok(markdown.startsWith('### Steward review of main\\.\\.feature/cart \\(staged\\)\n'));
    assert.ok(!markdown.includes('](http'));
    assert.ok(markdown.includes('#### src/app\\.ts\n\n**medium** · bug · L10 — A finding\n'));
    assert.ok(markdown.includes('| src/app\\.ts | L20 | medium | bug | A finding |'));
  });

  it('says so when there are no findings', () => {
    const markdown = formatReviewMarkdown(emptyReport());
    assert.match(
      markdown,
      /^\*\*No findings\*\* · 1 file in the change: 1 reviewed, 0 skipped, 0 left out · cost \\\$0\.0019 of \\\$2\.00 budget \(estimated \\\$0\.0025\)$/m,
    );
    assert.match(markdown, /^No findings\.$/m);
    assert.ok(!markdown.includes('<details>'));
  });

  it('prints the plan table for a plan, and that nothing was called or spent', () => {
    const markdown = formatReviewMarkdown(planOnlyReport());
    assert.ok(markdown.startsWith('### Steward plan for [acme/shop\\#123'));
    assert.ok(
      markdown.includes(
        '9 files in the change: 5 to review, 2 skipped, 1 left out, 2 unseen · estimated cost \\$0.04 of \\$2.00 budget · nothing was called and nothing was spent\n',
      ),
    );
    assert.ok(
      markdown.includes(
        '| Unit | Files | Decision | Risk | Tier | Model | Input tokens | Output cap | Est. cost | Reason |\n',
      ),
    );
    assert.ok(
      markdown.includes(
        '| unit\\-1 | src/auth/login\\.ts | review (complex) | 0.82 | deep | anthropic:claude\\-sonnet\\-4 | 1,200 | 800 | \\$0.0025 | risk 0\\.82 ≥ 0\\.65 |\n',
      ),
    );
    assert.ok(markdown.includes('| unit\\-5 | src/legacy\\.ts | left out | 0.15 |'));
    assert.ok(
      markdown.includes(
        '**Total:** 4 units to review (5 files), 4,800 input tokens, estimated \\$0.04 of \\$2.00 budget. 1 unit left out (estimated \\$0.0025).\n',
      ),
    );
    for (const line of markdown.split('\n'))
      if (line.startsWith('|')) assert.equal(cellSeparators(line), 11, line);
    assert.ok(
      !markdown.includes('Left out to fit the budget'),
      'left-out units are in the table, not listed twice',
    );
    assert.ok(!markdown.includes('No findings'));
  });

  it('shortens one very long finding instead of letting it fill the comment', () => {
    const markdown = formatReviewMarkdown(
      report({ fileCount: 1, findings: [finding({ explanation: 'x'.repeat(50_000) })] }),
    );
    assert.ok(markdown.length < 6_000);
    assert.ok(markdown.includes(`${'x'.repeat(3_999)}…`));
  });

  it('stays within maxLength and says what it left out', () => {
    const findings = Array.from({ length: 400 }, (_, index) =>
      finding({
        path: `src/f${index}.ts`,
        title: `Finding ${index}`,
        route: index % 2 === 0 ? 'post' : 'hint',
      }),
    );
    const markdown = formatReviewMarkdown(report({ fileCount: 400, findings }), { maxLength: 8_000 });
    assert.ok(markdown.length <= 8_000, String(markdown.length));
    assert.match(
      markdown,
      /> \[!WARNING\]\n> Shortened to fit 8,000 characters\. Not shown: \d+ findings, 200 hints\./,
    );
    assert.ok(markdown.endsWith('<sub>Steward run run\\-1</sub>\n'));
    assert.equal(githubCommentLimit, 65_536);
    assert.throws(() => formatReviewMarkdown(report(), { maxLength: 100 }), RangeError);
  });
});
