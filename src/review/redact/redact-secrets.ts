import type { FileChange } from '../change-set.ts';
import type { Finding } from '../finding.ts';
import { findSecretAssignments } from './assignment-rule.ts';
import type { Detection } from './detection.ts';
import { findPrivateKeys } from './private-key-rule.ts';
import { redactFile } from './redact-file.ts';
import { scanTextOf } from './scan-text.ts';
import { looksLikeExample } from './secret-value.ts';
import { scanWithSecretlint } from './secretlint-scan.ts';
import { findTokens } from './token-rule.ts';
import { findUrlPasswords } from './url-password-rule.ts';

export interface RedactResult {
  /** The files in the same order; a file with a secret is a copy with it replaced, the others are as given. */
  files: FileChange[];
  /** One finding per secret on added lines, in file order. */
  findings: Finding[];
}

/**
 * Replaces every secret in a change by a placeholder such as `[REDACTED:aws-access-key]`, before any
 * of its text is priced or sent to a model, and reports each secret the change adds as a finding
 * (security; critical for private and cloud keys, else high; confidence 1; found by `secret-scan`).
 *
 * What is looked at: the hunks only (section headers, added, removed and context lines), never
 * whole files. What looks: secretlint's recommended preset (see secretlint-scan.ts) and Steward's
 * own rules for what it misses or formats more strictly: PEM keys in pieces, JWTs, prefixed tokens,
 * `.env`-style and code assignments to secret-named keys, passwords in URLs.
 *
 * Removed and context lines are redacted too — a secret that was in the file must not reach a model
 * either — but give no finding: a finding must point at a line the change adds. (A secret that is
 * removed is still in the history; rotating it is the owner's call, not the review's.)
 *
 * Placeholders are stable: the same text gives the same output, a secret gets the same placeholder
 * wherever it appears, and redacting redacted text changes nothing.
 */
export async function redactSecrets(files: readonly FileChange[]): Promise<RedactResult> {
  const scans = files.map(scanTextOf);
  const fromSecretlint = await scanWithSecretlint(scans.map((scan) => scan.text));
  const redacted: FileChange[] = [];
  const findings: Finding[] = [];
  files.forEach((file, index) => {
    const scan = scans[index]!;
    const detections = reportable(scan.text, [
      ...fromSecretlint[index]!,
      ...findPrivateKeys(scan.text, file.path),
      ...findTokens(scan.text),
      ...findUrlPasswords(scan.text),
      ...findSecretAssignments(scan.text, file.path),
    ]);
    if (detections.length === 0 && scan.unscanned.length === 0) {
      redacted.push(file);
      return;
    }
    const result = redactFile(file, scan, detections);
    redacted.push(result.file);
    findings.push(...result.findings);
  });
  return { files: redacted, findings };
}

const placeholder = /\[REDACTED:[a-z0-9-]+\]/g;

/**
 * Drops what lies inside an earlier placeholder (`postgres://app:[REDACTED:database-password]@db`),
 * so that redaction is idempotent.
 */
function outsidePlaceholders(text: string, detections: Detection[]): Detection[] {
  if (detections.length === 0 || !text.includes('[REDACTED:')) return detections;
  const placeholders = [...text.matchAll(placeholder)].map(
    (match) => [match.index, match.index + match[0].length] as const,
  );
  return detections.filter(
    (detection) => !placeholders.some(([start, end]) => detection.start >= start && detection.end <= end),
  );
}

/**
 * The detections to apply, those that read as examples (see `looksLikeExample`) no longer reported.
 * Private keys and JWTs have their own tests for that: their base64 has runs like `AAAAA`.
 */
function reportable(text: string, detections: Detection[]): Detection[] {
  return outsidePlaceholders(text, detections).map((detection) =>
    detection.report &&
    detection.kind !== 'private-key' &&
    detection.kind !== 'jwt' &&
    looksLikeExample(text.slice(detection.start, detection.end))
      ? { ...detection, report: false }
      : detection,
  );
}
