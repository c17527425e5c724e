import { gzipSync } from 'node:zlib';
import type { Log, Result, Run } from 'sarif';
import { categories, type Finding, type Severity, severityRank } from '../finding.ts';
import type { ReviewReport } from '../review-report.ts';
import { encodePath } from './encode-path.ts';
import { findingFingerprints } from './finding-fingerprint.ts';
import { formatCount } from './format-count.ts';
import { type SarifLimits, sarifLimits } from './sarif-limits.ts';
import { sarifRuleId, sarifRules } from './sarif-rules.ts';
import { shorten } from './shorten.ts';

export interface ReviewSarifOptions {
  /** Steward's version, as `tool.driver.version` (and `semanticVersion` when it is one). */
  toolVersion: string;
  /** Limits other than GitHub code scanning's, for another consumer (or a test). */
  limits?: Partial<SarifLimits>;
}

const sarifSchemaUri =
  'https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json';

const levels: Record<Severity, Result.level> = {
  critical: 'error',
  high: 'error',
  medium: 'warning',
  low: 'note',
  info: 'note',
};

/**
 * Renders a review as a SARIF 2.1.0 log with one run, for GitHub code scanning and other SARIF viewers.
 * Results beyond what code scanning accepts (see `sarifLimits`) are left out, the least severe first,
 * and the run's `properties.truncation` says how many and why.
 */
export function formatReviewSarif(report: ReviewReport, options: ReviewSarifOptions): string {
  const limits: SarifLimits = { ...sarifLimits, ...options.limits };
  const fingerprints = findingFingerprints(report.findings);
  const ordered = report.findings
    .map((finding, index) => ({ finding, fingerprint: fingerprints[index] ?? '' }))
    .sort((left, right) => severityRank(left.finding.severity) - severityRank(right.finding.severity));
  const results = ordered.map(({ finding, fingerprint }) =>
    resultOf(finding, fingerprint, limits.messageLength),
  );
  const messagesShortened = report.findings.filter(
    (finding) => messageOf(finding).length > limits.messageLength,
  ).length;

  const reasons: string[] = [];
  let kept = Math.min(results.length, limits.resultsPerRun);
  if (kept < results.length) {
    reasons.push(`at most ${formatCount(limits.resultsPerRun)} results per run are accepted`);
  }
  let text = render(report, options, results, kept, reasons, messagesShortened, limits.messageLength);
  // Only a file over the limit uncompressed can be over it compressed.
  let compressed = Buffer.byteLength(text) > limits.gzipBytes ? gzipSync(text).length : 0;
  if (compressed > limits.gzipBytes) {
    reasons.push(`an upload may be at most ${formatCount(limits.gzipBytes)} bytes gzip-compressed`);
    while (compressed > limits.gzipBytes && kept > 0) {
      kept = Math.floor((kept * limits.gzipBytes * 0.9) / compressed);
      text = render(report, options, results, kept, reasons, messagesShortened, limits.messageLength);
      compressed = gzipSync(text).length;
    }
  }
  return text;
}

function render(
  report: ReviewReport,
  options: ReviewSarifOptions,
  results: readonly Result[],
  kept: number,
  reasons: readonly string[],
  messagesShortened: number,
  messageLength: number,
): string {
  const run: Run = {
    tool: {
      driver: {
        name: 'Steward',
        version: options.toolVersion,
        ...(isSemanticVersion(options.toolVersion) ? { semanticVersion: options.toolVersion } : {}),
        rules: sarifRules(),
      },
    },
    ...(report.source.kind === 'github'
      ? {
          versionControlProvenance: [
            {
              repositoryUri: repositoryUri(report.source.url, report.source.repo),
              revisionId: report.source.headSha,
            },
          ],
        }
      : {}),
    results: results.slice(0, kept),
    properties: {
      runId: report.runId,
      planOnly: report.planOnly,
      truncation: {
        truncated: kept < results.length,
        results: results.length,
        resultsIncluded: kept,
        resultsOmitted: results.length - kept,
        reasons: kept < results.length ? [...reasons] : [],
        messagesShortened,
        messageLength,
      },
    },
  };
  const log: Log = { $schema: sarifSchemaUri, version: '2.1.0', runs: [run] };
  return `${JSON.stringify(log, null, 2)}\n`;
}

function resultOf(finding: Finding, fingerprint: string, messageLength: number): Result {
  const artifactLocation = { uri: encodePath(finding.path) };
  const region = { startLine: finding.startLine, endLine: finding.endLine };
  return {
    ruleId: sarifRuleId(finding.category),
    ruleIndex: categories.indexOf(finding.category),
    level: levels[finding.severity],
    message: { text: shorten(messageOf(finding), messageLength) },
    locations: [{ physicalLocation: { artifactLocation, region } }],
    // Code scanning matches alerts across runs by primaryLocationLineHash only.
    partialFingerprints: { primaryLocationLineHash: fingerprint },
    ...(finding.replacement == null
      ? {}
      : {
          fixes: [
            {
              description: { text: 'Suggested change' },
              artifactChanges: [
                {
                  artifactLocation,
                  replacements: [
                    {
                      deletedRegion: region,
                      insertedContent: { text: finding.replacement.replace(/\r?\n$/, '') },
                    },
                  ],
                },
              ],
            },
          ],
        }),
    properties: {
      severity: finding.severity,
      confidence: finding.confidence,
      ...(finding.route == null ? {} : { route: finding.route }),
      foundBy: finding.foundBy,
    },
  };
}

function messageOf(finding: Finding): string {
  const explanation = finding.explanation.trim();
  return explanation === '' ? finding.title : `${finding.title}\n\n${explanation}`;
}

function isSemanticVersion(version: string): boolean {
  return /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(-[0-9A-Za-z.-]+)?(\+[0-9A-Za-z.-]+)?$/.test(version);
}

/** `https://github.com/owner/repo` from the pull request's URL (for GitHub Enterprise, its own host). */
function repositoryUri(pullRequestUrl: string, repo: string): string {
  try {
    const url = new URL(pullRequestUrl);
    if (url.protocol === 'https:') return `${url.origin}/${repo}`;
  } catch {
    // Not a URL: fall back to github.com.
  }
  return `https://github.com/${repo}`;
}
