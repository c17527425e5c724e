import type { Octokit } from '@octokit/rest';
import type { FileChange } from '../../../src/review/change-set.ts';
import type { Finding } from '../../../src/review/finding.ts';
import type { ReviewReport } from '../../../src/review/review-report.ts';
import { createOctokit, fileChangeFromDiffEntry } from '../../../src/review/source/index.ts';
import {
  diffEntryPayload,
  type FakeGitHubServer,
  type FakePullRequest,
  type FakePullRequestFile,
} from '../../support/fake-github-server.ts';

export const repo = 'acme/shop';
export const baseSha = '1a2b3c4d5e6f7a8b9c0d1e2f3a4b5c6d7e8f9a0b';
export const headSha = '5d6e7f8a9b0c1d2e3f4a5b6c7d8e9f0a1b2c3d4e';
export const now = Date.UTC(2025, 0, 2, 3, 4, 5);

/** A 200-line new file: every line 1–200 is on the diff. */
export function addedFile(path: string, lines = 200): FakePullRequestFile {
  const body = Array.from({ length: lines }, (_, index) => `+line ${index + 1}`).join('\n');
  return { filename: path, status: 'added', patch: `@@ -0,0 +1,${lines} @@\n${body}` };
}

/**
 * A modified file with two hunks: new lines 10–16 (context 10–12, added 13–14, context 15–16) and
 * 40–44 (context 40–41, added 42, context 43–44). Line 20 and line 30 are not on the diff.
 */
export function modifiedFile(path: string): FakePullRequestFile {
  return {
    filename: path,
    status: 'modified',
    patch: [
      '@@ -10,6 +10,7 @@ function first() {',
      ' a',
      ' b',
      ' c',
      '-old',
      '+new 1',
      '+new 2',
      ' d',
      ' e',
      '@@ -39,4 +40,5 @@ function second() {',
      ' f',
      ' g',
      '+added',
      ' h',
      ' i',
    ].join('\n'),
  };
}

export function removedFile(path: string): FakePullRequestFile {
  return { filename: path, status: 'removed', patch: '@@ -1,2 +0,0 @@\n-gone 1\n-gone 2' };
}

/** Adds a pull request to the server; returns its files as the review saw them. */
export function addPullRequest(
  server: FakeGitHubServer,
  number: number,
  files: FakePullRequestFile[] = [addedFile('src/app.ts'), modifiedFile('src/cart.ts')],
): FileChange[] {
  const pullRequest: FakePullRequest = { repo, number, baseSha, headSha, files };
  server.addPullRequest(pullRequest);
  return files.map((file) => fileChangeFromDiffEntry(diffEntryPayload(pullRequest, file)).file);
}

export function octokitFor(server: FakeGitHubServer): Octokit {
  return createOctokit({ token: server.token, baseUrl: server.url });
}

let findingCounter = 0;

export function finding(overrides: Partial<Finding> = {}): Finding {
  findingCounter++;
  return {
    id: `finding-${findingCounter}`,
    path: 'src/app.ts',
    startLine: 10,
    endLine: 10,
    severity: 'medium',
    category: 'bug',
    confidence: 0.8,
    title: `Finding ${findingCounter}`,
    explanation: 'Why it matters.',
    foundBy: 'openai:gpt-4.1-mini',
    route: 'post',
    ...overrides,
  };
}

export function report(pr: number, findings: Finding[], overrides: Partial<ReviewReport> = {}): ReviewReport {
  return {
    runId: `run-${pr}-${findingCounter}`,
    source: {
      kind: 'github',
      repo,
      pr,
      baseSha,
      headSha,
      url: `https://github.com/${repo}/pull/${pr}`,
    },
    fileCount: 2,
    unseen: [],
    plan: {
      units: [
        {
          id: 'unit-1',
          paths: ['src/app.ts', 'src/cart.ts'],
          risk: 0.5,
          level: 'standard',
          tier: 'balanced',
          model: 'openai:gpt-4.1-mini',
          estimatedInputTokens: 1_200,
          maxOutputTokens: 800,
          estimatedCostMicros: 2_500,
          reason: 'risk 0.50 ≥ 0.35',
        },
      ],
      skipped: [{ path: 'package-lock.json', reason: 'lock file' }],
      leftOut: [],
      estimatedCostMicros: 2_500,
      budgetMicros: 2_000_000,
    },
    findings,
    dropped: { notOnChangedLines: 0, duplicates: 0, overLimit: 0, malformed: 0 },
    spentMicros: 12_300,
    budgetMicros: 2_000_000,
    incomplete: [],
    notes: [],
    planOnly: false,
    ...overrides,
  };
}

export const config = { max_inline_comments: 30, check_run: true };
