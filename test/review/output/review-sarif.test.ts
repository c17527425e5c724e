import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { gzipSync } from 'node:zlib';
import type { Log, Result } from 'sarif';
import { formatReviewSarif, sarifLimits } from '../../../src/review/output/index.ts';
import { emptyReport, finding, fullReport, headSha, planOnlyReport, report } from './report-fixtures.ts';
import { createSarifValidator } from './sarif-validator.ts';

const validate = createSarifValidator();

function sarif(
  subject = fullReport(),
  options: Parameters<typeof formatReviewSarif>[1] = { toolVersion: '0.1.0' },
): Log {
  const log = JSON.parse(formatReviewSarif(subject, options)) as Log;
  assert.deepEqual(validate(log), []);
  return log;
}

function results(log: Log): Result[] {
  return log.runs[0]?.results ?? [];
}

describe('formatReviewSarif', () => {
  it('is valid SARIF 2.1.0 for every kind of report', () => {
    for (const subject of [fullReport(), planOnlyReport(), emptyReport(), report()]) {
      const log = sarif(subject);
      assert.equal(log.version, '2.1.0');
      assert.equal(log.runs.length, 1);
    }
  });

  it('describes Steward as the tool, with one stable rule per category within code scanning’s limits', () => {
    const run = sarif().runs[0];
    const driver = run?.tool.driver;
    assert.equal(driver?.name, 'Steward');
    assert.equal(driver?.version, '0.1.0');
    assert.equal(driver?.semanticVersion, '0.1.0');
    assert.equal(
      sarif(fullReport(), { toolVersion: 'dev build' }).runs[0]?.tool.driver.semanticVersion,
      undefined,
    );
    const rules = driver?.rules ?? [];
    assert.deepEqual(
      rules.map((rule) => rule.id),
      [
        'steward/security',
        'steward/bug',
        'steward/performance',
        'steward/maintainability',
        'steward/style',
        'steward/test',
      ],
    );
    assert.ok(rules.length <= sarifLimits.rulesPerRun);
    for (const rule of rules) {
      assert.ok(rule.id.length <= sarifLimits.identifierLength);
      assert.ok((rule.name ?? '').length <= sarifLimits.identifierLength);
      assert.ok(
        (rule.shortDescription?.text ?? '').length > 0 &&
          (rule.shortDescription?.text ?? '').length <= sarifLimits.descriptionLength,
      );
      assert.ok(
        (rule.fullDescription?.text ?? '').length > 0 &&
          (rule.fullDescription?.text ?? '').length <= sarifLimits.descriptionLength,
      );
      assert.ok((rule.help?.text ?? '').length > 0);
      assert.ok(((rule.properties?.tags as string[] | undefined) ?? []).length <= sarifLimits.tagsPerRule);
    }
    assert.deepEqual(run?.versionControlProvenance, [
      { repositoryUri: 'https://github.com/acme/shop', revisionId: headSha },
    ]);
    assert.equal(sarif(emptyReport()).runs[0]?.versionControlProvenance, undefined);
  });

  it('maps each finding to a result with rule, level, message, escaped location and properties', () => {
    const found = results(sarif());
    assert.deepEqual(
      found.map((result) => [result.ruleId, result.ruleIndex, result.level]),
      [
        ['steward/security', 0, 'error'],
        ['steward/performance', 2, 'error'],
        ['steward/bug', 1, 'warning'],
        ['steward/style', 4, 'note'],
        ['steward/test', 5, 'note'],
      ],
    );
    const first = found[0];
    assert.equal(
      first?.message.text,
      `${fullReport().findings[0]?.title}\n\n${fullReport().findings[0]?.explanation}`,
    );
    assert.deepEqual(first?.locations, [
      {
        physicalLocation: {
          artifactLocation: { uri: 'src/auth/login.ts' },
          region: { startLine: 12, endLine: 14 },
        },
      },
    ]);
    assert.deepEqual(first?.properties, {
      severity: 'critical',
      confidence: 0.93,
      route: 'post',
      foundBy: 'openai:gpt-4.1-mini',
    });
    const uris = found.map((result) => result.locations?.[0]?.physicalLocation?.artifactLocation?.uri);
    assert.deepEqual(uris, [
      'src/auth/login.ts',
      'src/path%20with%20spaces/file%20%231.ts',
      'src/auth/login.ts',
      'docs/na%C3%AFve%20caf%C3%A9/%C3%BCn%C3%AFc%C3%B6d%C3%A9.md',
      'src/%E6%97%A5%E6%9C%AC%E8%AA%9E/%E3%83%86%E3%82%B9%E3%83%88.ts',
    ]);
    assert.equal(found[3]?.properties?.route, 'hint');
  });

  it('maps severities to levels: critical and high are errors, medium a warning, low and info notes', () => {
    const severities = ['critical', 'high', 'medium', 'low', 'info'] as const;
    const log = sarif(
      report({ findings: severities.map((severity) => finding({ severity, title: severity })) }),
    );
    assert.deepEqual(
      results(log).map((result) => result.level),
      ['error', 'error', 'warning', 'note', 'note'],
    );
  });

  it('attaches a fix when a finding has a replacement', () => {
    const found = results(sarif());
    assert.deepEqual(found[0]?.fixes, [
      {
        description: { text: 'Suggested change' },
        artifactChanges: [
          {
            artifactLocation: { uri: 'src/auth/login.ts' },
            replacements: [
              {
                deletedRegion: { startLine: 12, endLine: 14 },
                insertedContent: { text: 'const result = safeParse(req.query.q);\nreturn result;' },
              },
            ],
          },
        ],
      },
    ]);
    assert.equal(found[1]?.fixes, undefined);
  });

  it('fingerprints findings by path, category and title, so moved lines keep their alert', () => {
    const fingerprint = (subject: ReturnType<typeof finding>[]) =>
      results(sarif(report({ findings: subject }))).map(
        (result) => result.partialFingerprints?.primaryLocationLineHash,
      );
    const [original] = fingerprint([finding({ startLine: 10, endLine: 10 })]);
    assert.match(original ?? '', /^[0-9a-f]{32}:1$/);
    assert.deepEqual(fingerprint([finding({ startLine: 50, endLine: 52, explanation: 'reworded' })]), [
      original,
    ]);
    assert.deepEqual(fingerprint([finding({ title: '  a   FINDING ' })]), [original]);
    assert.notDeepEqual(fingerprint([finding({ title: 'Another finding' })]), [original]);
    assert.notDeepEqual(fingerprint([finding({ category: 'style' })]), [original]);
    assert.notDeepEqual(fingerprint([finding({ path: 'src/other.ts' })]), [original]);
    // Two findings with one title in one file stay two alerts, numbered by line.
    const twice = fingerprint([
      finding({ startLine: 30, endLine: 30 }),
      finding({ startLine: 5, endLine: 5 }),
    ]);
    const hash = original?.split(':')[0];
    assert.deepEqual(twice, [`${hash}:2`, `${hash}:1`]);
  });

  it('shortens long messages and says so in the run’s properties', () => {
    const log = sarif(
      report({ findings: [finding({ explanation: 'y'.repeat(20_000) }), finding({ title: 'short' })] }),
    );
    const [long, short] = results(log);
    assert.equal(long?.message.text?.length, sarifLimits.messageLength);
    assert.ok(long?.message.text?.endsWith('…'));
    assert.equal(short?.message.text, 'short\n\nWhy it matters.');
    assert.deepEqual(log.runs[0]?.properties, {
      runId: 'run-1',
      planOnly: false,
      truncation: {
        truncated: false,
        results: 2,
        resultsIncluded: 2,
        resultsOmitted: 0,
        reasons: [],
        messagesShortened: 1,
        messageLength: sarifLimits.messageLength,
      },
    });
  });

  it('leaves out the least severe results past the results limit, and notes it', () => {
    const severities = ['info', 'low', 'critical', 'medium', 'high'] as const;
    const findings = Array.from({ length: 10 }, (_, index) =>
      finding({ severity: severities[index % 5] ?? 'info', title: `finding ${index}` }),
    );
    const log = sarif(report({ findings }), { toolVersion: '0.1.0', limits: { resultsPerRun: 4 } });
    assert.deepEqual(
      results(log).map((result) => result.properties?.severity),
      ['critical', 'critical', 'high', 'high'],
    );
    assert.deepEqual(log.runs[0]?.properties?.truncation, {
      truncated: true,
      results: 10,
      resultsIncluded: 4,
      resultsOmitted: 6,
      reasons: ['at most 4 results per run are accepted'],
      messagesShortened: 0,
      messageLength: sarifLimits.messageLength,
    });
  });

  it('cuts results until the gzip-compressed log fits the upload limit', () => {
    let seed = 7;
    const noise = (length: number) =>
      Array.from({ length }, () => {
        seed = (Math.imul(seed, 1_103_515_245) + 12_345) >>> 0;
        return String.fromCharCode(33 + (seed % 90));
      }).join('');
    const findings = Array.from({ length: 200 }, (_, index) =>
      finding({ title: `finding ${index}`, explanation: noise(1_000) }),
    );
    const gzipBytes = 50_000;
    const text = formatReviewSarif(report({ findings }), { toolVersion: '0.1.0', limits: { gzipBytes } });
    const log = JSON.parse(text) as Log;
    assert.deepEqual(validate(log), []);
    assert.ok(gzipSize(text) <= gzipBytes);
    const truncation = log.runs[0]?.properties?.truncation as { resultsIncluded: number; reasons: string[] };
    assert.ok(
      truncation.resultsIncluded > 0 && truncation.resultsIncluded < 200,
      String(truncation.resultsIncluded),
    );
    assert.deepEqual(truncation.reasons, ['an upload may be at most 50,000 bytes gzip-compressed']);
  });
});

function gzipSize(text: string): number {
  return gzipSync(text).length;
}
