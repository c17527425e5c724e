import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Log } from 'sarif';
import {
  formatReviewJson,
  formatReviewMarkdown,
  formatReviewSarif,
  formatReviewText,
  githubCommentLimit,
  reviewJsonSchema,
  sarifLimits,
} from '../../../src/review/output/index.ts';
import { largeReport } from './report-fixtures.ts';
import { createSarifValidator } from './sarif-validator.ts';

const large = largeReport();
const skipReasons = ['generated file', 'lock file', 'vendored', 'binary'];

describe('a large review: 5,000 skipped files and 30,000 findings', () => {
  it('renders as text with the skipped files collapsed by reason', () => {
    const text = formatReviewText(large);
    assert.match(text, /^30,000 findings in 3,000 files \(10,000 hints\)$/m);
    const notReviewed = text.slice(text.indexOf('\nNot reviewed\n'), text.lastIndexOf('\ncost '));
    assert.match(notReviewed, /^ {2}5,000 files skipped:$/m);
    for (const reason of skipReasons)
      assert.match(notReviewed, new RegExp(`^ {4}${reason} \\(1,250\\)$`, 'm'));
    assert.ok(notReviewed.split('\n').length < 30);
  });

  it('renders as Markdown within GitHub’s comment limit, saying what it left out', () => {
    const markdown = formatReviewMarkdown(large);
    assert.ok(markdown.length <= githubCommentLimit, String(markdown.length));
    assert.ok(markdown.length > githubCommentLimit - 2_000, 'the room is used');
    assert.match(
      markdown,
      /^> Shortened to fit GitHub's limit of 65,536 characters for a comment\. Not shown: [\d,]+ findings, 10,000 hints\. The JSON and SARIF formats of this report have everything\.$/m,
    );
    assert.equal(markdown.match(/<details>/g)?.length, markdown.match(/<\/details>/g)?.length);
    for (const reason of skipReasons) assert.ok(markdown.includes(`- ${reason} (1,250): \``), reason);
    assert.ok(markdown.includes('**30,000 findings** in 3,000 files (10,000 hints)'));
    assert.ok(markdown.endsWith('<sub>Steward run run\\-1</sub>\n'));
  });

  it('renders all of it as JSON in the documented shape', () => {
    const text = formatReviewJson(large);
    const json = reviewJsonSchema.parse(JSON.parse(text));
    assert.equal(json.findings.length, 30_000);
    assert.equal(json.notReviewed.skipped.length, 5_000);
  });

  it('renders as valid SARIF within code scanning’s result limit, leaving out the least severe', () => {
    const text = formatReviewSarif(large, { toolVersion: '0.1.0' });
    const log = JSON.parse(text) as Log;
    assert.deepEqual(createSarifValidator()(log), []);
    const results = log.runs[0]?.results ?? [];
    assert.equal(results.length, sarifLimits.resultsPerRun);
    const infos = results.filter((result) => result.properties?.severity === 'info').length;
    assert.equal(infos, 1_000);
    assert.deepEqual(log.runs[0]?.properties?.truncation, {
      truncated: true,
      results: 30_000,
      resultsIncluded: 25_000,
      resultsOmitted: 5_000,
      reasons: ['at most 25,000 results per run are accepted'],
      messagesShortened: 0,
      messageLength: sarifLimits.messageLength,
    });
    const fingerprints = new Set(
      results.map((result) => result.partialFingerprints?.primaryLocationLineHash),
    );
    assert.equal(fingerprints.size, results.length);
  });
});
