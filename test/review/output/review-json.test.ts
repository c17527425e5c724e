import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Finding } from '../../../src/review/finding.ts';
import { formatReviewJson, reviewJsonSchema } from '../../../src/review/output/index.ts';
import {
  emptyReport,
  finding,
  fullReport,
  localSource,
  planOnlyReport,
  report,
  unit,
} from './report-fixtures.ts';

function unrouted(subject: Finding): Finding {
  const { route: _route, ...rest } = subject;
  return rest;
}

function parse(text: string) {
  return reviewJsonSchema.parse(JSON.parse(text));
}

describe('formatReviewJson', () => {
  it('matches the documented version-1 shape for every kind of report', () => {
    for (const subject of [fullReport(), planOnlyReport(), emptyReport(), report()]) {
      const text = formatReviewJson(subject);
      assert.ok(text.endsWith('}\n'));
      const json = parse(text);
      assert.equal(json.version, 1);
      assert.equal(json.planOnly, subject.planOnly);
    }
  });

  it('keeps a stable shape: every key present, absent values as null, money in micro-USD', () => {
    const subject = report({
      runId: 'run-7',
      source: localSource,
      fileCount: 3,
      unseen: [{ reason: 'listing cut short' }],
      plan: {
        units: [unit()],
        skipped: [{ path: 'yarn.lock', reason: 'lock file' }],
        leftOut: [
          { unit: unit({ id: 'unit-2', paths: ['b.ts'], risk: 0.1 }), reason: 'left out to fit the budget' },
        ],
        estimatedCostMicros: 2_500,
        budgetMicros: 500_000,
      },
      findings: [
        unrouted(finding()),
        finding({ startLine: 11, endLine: 12, replacement: 'x', route: 'hint' }),
      ],
      dropped: { notOnChangedLines: 1, duplicates: 2, overLimit: 3, malformed: 4 },
      spentMicros: 1_234,
      budgetMicros: 500_000,
      incomplete: [{ unitId: 'unit-1', paths: ['src/app.ts'], reason: 'call failed' }],
      notes: ['a note'],
    });
    const expectedUnit = {
      id: 'unit-1',
      paths: ['src/app.ts'],
      risk: 0.5,
      level: 'standard',
      tier: 'balanced',
      model: 'openai:gpt-4.1-mini',
      estimatedInputTokens: 1_200,
      maxOutputTokens: 800,
      estimatedCostMicros: 2_500,
      reason: 'risk 0.50 ≥ 0.35',
    };
    const expectedFinding = {
      path: 'src/app.ts',
      startLine: 10,
      endLine: 10,
      severity: 'medium',
      category: 'bug',
      confidence: 0.8,
      title: 'A finding',
      explanation: 'Why it matters.',
      replacement: null,
      foundBy: 'openai:gpt-4.1-mini',
      route: null,
    };
    assert.deepEqual(JSON.parse(formatReviewJson(subject)), {
      version: 1,
      runId: 'run-7',
      planOnly: false,
      source: {
        kind: 'local',
        root: '/home/dev/shop',
        base: 'main',
        head: 'feature/cart',
        mergeBase: null,
        staged: true,
      },
      files: { inChange: 3, reviewed: 0, skipped: 1, leftOut: 1, unseen: 1, incomplete: 1 },
      findings: [
        expectedFinding,
        { ...expectedFinding, startLine: 11, endLine: 12, replacement: 'x', route: 'hint' },
      ],
      dropped: { notOnChangedLines: 1, duplicates: 2, overLimit: 3, malformed: 4 },
      notReviewed: {
        skipped: [{ path: 'yarn.lock', reason: 'lock file' }],
        leftOut: [
          {
            unit: { ...expectedUnit, id: 'unit-2', paths: ['b.ts'], risk: 0.1 },
            reason: 'left out to fit the budget',
          },
        ],
        unseen: [{ path: null, reason: 'listing cut short' }],
        incomplete: [{ unitId: 'unit-1', paths: ['src/app.ts'], reason: 'call failed' }],
      },
      plan: { units: [expectedUnit], estimatedCostMicros: 2_500, budgetMicros: 500_000 },
      cost: { spentMicros: 1_234, budgetMicros: 500_000, estimatedMicros: 2_500 },
      notes: ['a note'],
    });
  });

  it('describes a GitHub source', () => {
    const json = parse(formatReviewJson(fullReport()));
    assert.deepEqual(json.source, {
      kind: 'github',
      repo: 'acme/shop',
      pr: 123,
      baseSha: '1a2b3c4d5e6f7a8b9c0d1e2f3a4b5c6d7e8f9a0b',
      headSha: '5d6e7f8a9b0c1d2e3f4a5b6c7d8e9f0a1b2c3d4e',
      url: 'https://github.com/acme/shop/pull/123',
    });
    assert.deepEqual(json.files, {
      inChange: 9,
      reviewed: 4,
      skipped: 2,
      leftOut: 1,
      unseen: 2,
      incomplete: 1,
    });
  });

  it('keeps model text verbatim: escaping is the reader’s job', () => {
    const json = parse(formatReviewJson(fullReport()));
    const hostile = fullReport().findings[0];
    assert.equal(json.findings[0]?.title, hostile?.title);
    assert.equal(json.findings[0]?.explanation, hostile?.explanation);
    assert.equal(json.findings[3]?.path, 'docs/naïve café/ünïcödé.md');
  });

  it('rejects output that strays from the shape', () => {
    const json = JSON.parse(formatReviewJson(emptyReport()));
    assert.equal(reviewJsonSchema.safeParse({ ...json, version: 2 }).success, false);
    assert.equal(reviewJsonSchema.safeParse({ ...json, extra: true }).success, false);
    assert.equal(
      reviewJsonSchema.safeParse({ ...json, cost: { ...json.cost, spentMicros: 0.5 } }).success,
      false,
    );
  });
});
