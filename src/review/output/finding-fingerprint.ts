import { createHash } from 'node:crypto';
import type { Finding } from '../finding.ts';

/**
 * A stable identity for a finding across pushes: a hash of its path, category and title (case and
 * whitespace folded), so the same problem keeps its identity when lines move. Not unique on its own:
 * see `findingFingerprints`.
 */
export function findingFingerprint(finding: Pick<Finding, 'path' | 'category' | 'title'>): string {
  const title = finding.title.toLowerCase().replace(/\s+/g, ' ').trim();
  return createHash('sha256')
    .update(JSON.stringify([finding.path, finding.category, title]))
    .digest('hex')
    .slice(0, 32);
}

/**
 * Fingerprints for a list of findings, `hash:n` where n counts findings of the same hash in the file
 * by line (1 for the first), so that two findings with the same title in one file stay two alerts.
 */
export function findingFingerprints(findings: readonly Finding[]): string[] {
  const hashes = findings.map(findingFingerprint);
  const order = findings.map((_finding, index) => index);
  order.sort(
    (left, right) =>
      compare(hashes[left] ?? '', hashes[right] ?? '') ||
      (findings[left]?.startLine ?? 0) - (findings[right]?.startLine ?? 0) ||
      (findings[left]?.endLine ?? 0) - (findings[right]?.endLine ?? 0) ||
      left - right,
  );
  const fingerprints: string[] = new Array(findings.length);
  let previous = '';
  let occurrence = 0;
  for (const index of order) {
    const hash = hashes[index] ?? '';
    occurrence = hash === previous ? occurrence + 1 : 1;
    previous = hash;
    fingerprints[index] = `${hash}:${occurrence}`;
  }
  return fingerprints;
}

function compare(left: string, right: string): number {
  return left < right ? -1 : left > right ? 1 : 0;
}
