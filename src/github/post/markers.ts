/**
 * Hidden markers Steward writes at the start of what it posts, so that GitHub itself says what was
 * posted: a crash between posting and recording, or a lost database row, never leads to a second copy.
 */

/** Starts the one summary comment of a pull request. */
export const summaryMarker = '<!-- steward:summary -->';

/** Starts the body of a review Steward submits. */
export const reviewMarker = '<!-- steward:review -->';

const fingerprintPattern = /^[A-Za-z0-9:._-]{1,200}$/;
const findingMarkerPattern = /^<!-- steward:finding:([A-Za-z0-9:._-]{1,200}) -->/;

/** Whether a fingerprint can go inside a marker (no `-->`, no spaces): true for `findingFingerprints` output. */
export function isMarkableFingerprint(fingerprint: string): boolean {
  return fingerprintPattern.test(fingerprint);
}

/** `<!-- steward:finding:<fingerprint> -->`: starts every comment that carries a finding. */
export function findingMarker(fingerprint: string): string {
  return `<!-- steward:finding:${fingerprint} -->`;
}

/** The fingerprint a comment body starts with, if it is one of Steward's finding comments. */
export function markedFingerprint(body: string | null | undefined): string | undefined {
  return body == null ? undefined : findingMarkerPattern.exec(body)?.[1];
}

/** Whether a comment body is a Steward summary comment. */
export function isSummaryBody(body: string | null | undefined): boolean {
  return body?.startsWith(summaryMarker) === true;
}
