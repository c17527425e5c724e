import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  type CategoryStat,
  type CategoryStats,
  calibratedThresholds,
} from '../../../src/review/feedback/index.ts';
import { type Category, categories } from '../../../src/review/finding.ts';
import { routeFindings } from '../../../src/review/validate/index.ts';
import { finding } from '../output/report-fixtures.ts';
import { seededRandom } from '../queue/random.ts';

const feedback = { target_precision: 0.6, min_samples: 10, window_days: 90, max_min_confidence: 0.95 };
const base = { min_confidence: 0.7 };

function stat(judged: number, accepted: number, posted = judged): CategoryStat {
  const rejected = judged - accepted;
  return {
    posted,
    judged,
    accepted,
    rejected,
    acceptanceRate: posted === 0 ? null : accepted / posted,
    falsePositiveRate: judged === 0 ? null : rejected / judged,
    precision: judged === 0 ? null : accepted / judged,
  };
}

function stats(entries: Partial<Record<Category, CategoryStat>>): CategoryStats {
  const all = {} as CategoryStats;
  for (const category of categories) all[category] = entries[category] ?? stat(0, 0);
  return all;
}

test('the worked example of the README', () => {
  assert.deepEqual(
    calibratedThresholds(
      stats({ security: stat(12, 5), style: stat(20, 2), bug: stat(8, 2), performance: stat(10, 7) }),
      base,
      feedback,
    ),
    { security: 0.8833, style: 0.95 },
  );
});

test('raises by the precision shortfall, from min_samples judged on, never above the cap nor below the base', () => {
  for (let seed = 1; seed <= 2_000; seed++) {
    const random = seededRandom(seed);
    const config = {
      target_precision: random.int(0, 100) / 100,
      min_samples: random.int(1, 30),
      window_days: 90,
      max_min_confidence: random.int(0, 100) / 100,
    };
    const floor = { min_confidence: random.int(0, 100) / 100 };
    const judged = random.int(0, 60);
    const accepted = random.int(0, judged);
    const category = random.pick(categories);
    const thresholds = calibratedThresholds(stats({ [category]: stat(judged, accepted) }), floor, config);
    const where = `seed ${seed}: ${JSON.stringify({ config, floor, judged, accepted })}`;
    const others = Object.keys(thresholds).filter((key) => key !== category);
    assert.deepEqual(others, [], `${where}: categories without samples keep the base`);
    const threshold = thresholds[category];
    const precision = judged === 0 ? null : accepted / judged;
    if (precision === null || judged < config.min_samples || precision >= config.target_precision) {
      assert.equal(threshold, undefined, where);
      continue;
    }
    const rule =
      Math.round(
        Math.min(config.max_min_confidence, floor.min_confidence + (config.target_precision - precision)) *
          10_000,
      ) / 10_000;
    if (rule <= floor.min_confidence) {
      assert.equal(threshold, undefined, `${where}: never lowers`);
    } else {
      assert.equal(threshold, rule, where);
      assert.ok(threshold! <= config.max_min_confidence, `${where}: capped`);
      assert.ok(threshold! > floor.min_confidence, where);
    }
  }
});

test('not below min_samples, and exactly at it', () => {
  assert.deepEqual(calibratedThresholds(stats({ bug: stat(9, 0) }), base, feedback), {});
  assert.deepEqual(calibratedThresholds(stats({ bug: stat(10, 5) }), base, feedback), { bug: 0.8 });
  assert.deepEqual(calibratedThresholds(stats({ bug: stat(10, 6) }), base, feedback), {}, 'at the target');
  assert.deepEqual(calibratedThresholds(stats({ bug: stat(10, 0) }), base, feedback), { bug: 0.95 });
  assert.deepEqual(
    calibratedThresholds(stats({ bug: stat(10, 0) }), { min_confidence: 0.97 }, feedback),
    {},
    'a base above the cap is left alone',
  );
});

test('routing honours a raised category threshold and keeps the base for the others', () => {
  const post = { min_confidence: 0.7, min_severity: 'high' as const };
  const security = finding({ category: 'security', severity: 'high', confidence: 0.75 });
  const bug = finding({ category: 'bug', severity: 'high', confidence: 0.75 });
  assert.deepEqual(
    routeFindings([security, bug], post).map((entry) => entry.route),
    ['post', 'post'],
    'the two-argument form is unchanged',
  );
  assert.deepEqual(
    routeFindings([security, bug], post, { security: 0.8 }).map((entry) => entry.route),
    ['hint', 'post'],
  );
  assert.deepEqual(
    routeFindings([{ ...security, confidence: 0.8 }], post, { security: 0.8 }).map((entry) => entry.route),
    ['post'],
    'at the threshold is enough',
  );
  assert.deepEqual(
    routeFindings([{ ...security, severity: 'medium', confidence: 0.99 }], post, { security: 0.8 }).map(
      (entry) => entry.route,
    ),
    ['hint'],
    'min_severity still applies',
  );
});
