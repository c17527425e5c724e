import type { Finding } from '../../../src/review/finding.ts';
import type { ReviewUnit } from '../../../src/review/review-plan.ts';
import type { ReviewReport } from '../../../src/review/review-report.ts';

export const baseSha = '1a2b3c4d5e6f7a8b9c0d1e2f3a4b5c6d7e8f9a0b';
export const headSha = '5d6e7f8a9b0c1d2e3f4a5b6c7d8e9f0a1b2c3d4e';

export const githubSource: ReviewReport['source'] = {
  kind: 'github',
  repo: 'acme/shop',
  pr: 123,
  baseSha,
  headSha,
  url: 'https://github.com/acme/shop/pull/123',
};

export const localSource: ReviewReport['source'] = {
  kind: 'local',
  root: '/home/dev/shop',
  base: 'main',
  head: 'feature/cart',
  mergeBase: undefined,
  staged: true,
};

/** Text a model might write to break out of Markdown, HTML or a terminal. */
export const hostileTitle = 'Unsafe <script>alert(1)</script> | `eval` in **handler**';
export const hostileExplanation = [
  'The handler passes `req.query.q` to `eval`.</details><img src=x onerror=alert(1)>',
  '| a | b |',
  '# heading',
  '```',
  'Ping @octocat and @acme/security-team.',
  'Colour: \u001b[31mred\u001b[0m and \u202etxt.exe',
].join('\n');

export function finding(overrides: Partial<Finding> = {}): Finding {
  return {
    path: 'src/app.ts',
    startLine: 10,
    endLine: 10,
    severity: 'medium',
    category: 'bug',
    confidence: 0.8,
    title: 'A finding',
    explanation: 'Why it matters.',
    foundBy: 'openai:gpt-4.1-mini',
    route: 'post',
    ...overrides,
  };
}

export function unit(overrides: Partial<ReviewUnit> = {}): ReviewUnit {
  return {
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
    ...overrides,
  };
}

export function report(overrides: Partial<ReviewReport> = {}): ReviewReport {
  return {
    runId: 'run-1',
    source: githubSource,
    fileCount: 0,
    unseen: [],
    plan: { units: [], skipped: [], leftOut: [], estimatedCostMicros: 0, budgetMicros: 2_000_000 },
    findings: [],
    dropped: { notOnChangedLines: 0, duplicates: 0, overLimit: 0, malformed: 0 },
    spentMicros: 0,
    budgetMicros: 2_000_000,
    incomplete: [],
    notes: [],
    planOnly: false,
    ...overrides,
  };
}

/** A pull request reviewed in full: findings on several files, hints, replacements, hostile model text. */
export function fullReport(): ReviewReport {
  return report({
    runId: 'run-42',
    fileCount: 9,
    unseen: [
      { path: 'assets/huge.bin', reason: 'beyond the 3,000-file listing' },
      { reason: 'listing cut short' },
    ],
    plan: {
      units: [
        unit({
          id: 'unit-1',
          paths: ['src/auth/login.ts'],
          risk: 0.82,
          level: 'complex',
          tier: 'deep',
          model: 'anthropic:claude-sonnet-4',
          reason: 'risk 0.82 ≥ 0.65',
        }),
        unit({
          id: 'unit-2',
          paths: ['src/path with spaces/file #1.ts', 'docs/naïve café/ünïcödé.md'],
          risk: 0.4,
        }),
        unit({
          id: 'unit-3',
          paths: ['src/日本語/テスト.ts'],
          risk: 0.2,
          level: 'simple',
          tier: 'fast',
          reason: 'risk 0.20 < 0.35',
        }),
        unit({ id: 'unit-4', paths: ['src/cart.ts'], risk: 0.3 }),
      ],
      skipped: [
        { path: 'package-lock.json', reason: 'lock file' },
        { path: 'dist/app.min.js', reason: 'minified' },
      ],
      leftOut: [
        {
          unit: unit({ id: 'unit-5', paths: ['src/legacy.ts'], risk: 0.15 }),
          reason: 'left out to fit the budget (risk 0.15)',
        },
      ],
      estimatedCostMicros: 40_000,
      budgetMicros: 2_000_000,
    },
    findings: [
      finding({
        path: 'src/auth/login.ts',
        startLine: 12,
        endLine: 14,
        severity: 'critical',
        category: 'security',
        confidence: 0.93,
        title: hostileTitle,
        explanation: hostileExplanation,
        replacement: 'const result = safeParse(req.query.q);\nreturn result;\n',
      }),
      finding({
        path: 'src/path with spaces/file #1.ts',
        startLine: 3,
        endLine: 5,
        severity: 'high',
        category: 'performance',
        title: 'Query inside a loop | N+1',
        explanation: 'Each item runs its own query.',
      }),
      finding({
        path: 'src/auth/login.ts',
        startLine: 40,
        endLine: 40,
        severity: 'medium',
        category: 'bug',
        confidence: 0.55,
        title: 'Error swallowed',
        explanation: 'The catch block ignores the error.',
        route: 'hint',
      }),
      finding({
        path: 'docs/naïve café/ünïcödé.md',
        startLine: 7,
        endLine: 7,
        severity: 'low',
        category: 'style',
        title: 'Use `code` | not quotes',
        explanation: 'Wrap identifiers in backticks.',
        replacement: 'Use ```fences``` and `ticks`',
        route: 'hint',
        foundBy: 'secret-scan',
      }),
      finding({
        path: 'src/日本語/テスト.ts',
        startLine: 1,
        endLine: 2,
        severity: 'info',
        category: 'test',
        title: '</details><details open><summary>pwned',
        explanation: '<!-- hidden --> </summary>',
        route: 'hint',
      }),
    ],
    dropped: { notOnChangedLines: 3, duplicates: 1, overLimit: 0, malformed: 2 },
    spentMicros: 12_300,
    incomplete: [
      { unitId: 'unit-4', paths: ['src/cart.ts'], reason: 'budget refused: run limit $2.00 reached' },
    ],
    notes: ['Set OPENAI_API_KEY to use the balanced tier.'],
  });
}

export function planOnlyReport(): ReviewReport {
  const full = fullReport();
  return { ...full, findings: [], spentMicros: 0, planOnly: true, incomplete: [], dropped: report().dropped };
}

export function emptyReport(): ReviewReport {
  return report({
    source: localSource,
    fileCount: 1,
    plan: { units: [unit()], skipped: [], leftOut: [], estimatedCostMicros: 2_500, budgetMicros: 2_000_000 },
    spentMicros: 1_900,
  });
}

const skipReasons = ['generated file', 'lock file', 'vendored', 'binary'];
const severityCycle = ['critical', 'high', 'medium', 'low', 'info'] as const;
const categoryCycle = ['security', 'bug', 'performance', 'maintainability', 'style', 'test'] as const;

/** 5,000 skipped files and 30,000 findings: for truncation and speed. */
export function largeReport(): ReviewReport {
  const findings: Finding[] = [];
  for (let index = 0; index < 30_000; index++) {
    findings.push(
      finding({
        path: `src/module-${index % 3_000}/file.ts`,
        startLine: 1 + (index % 400),
        endLine: 1 + (index % 400) + (index % 3),
        severity: severityCycle[index % 5] ?? 'info',
        category: categoryCycle[index % 6] ?? 'bug',
        title: `Finding number ${index}`,
        explanation: `Explanation ${index}: ${'the code does something questionable. '.repeat(3)}`,
        route: index % 3 === 0 ? 'hint' : 'post',
        ...(index % 10 === 0 ? { replacement: `fixed(${index});` } : {}),
      }),
    );
  }
  const skipped = Array.from({ length: 5_000 }, (_, index) => ({
    path: `vendor/pkg-${index}/index.js`,
    reason: skipReasons[index % skipReasons.length] ?? 'binary',
  }));
  return report({
    fileCount: 8_000,
    plan: {
      units: Array.from({ length: 3_000 }, (_, index) =>
        unit({ id: `unit-${index}`, paths: [`src/module-${index}/file.ts`] }),
      ),
      skipped,
      leftOut: [],
      estimatedCostMicros: 7_500_000,
      budgetMicros: 10_000_000,
    },
    findings,
    spentMicros: 6_100_000,
    budgetMicros: 10_000_000,
  });
}
