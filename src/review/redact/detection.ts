import type { SecretKindName } from './secret-kinds.ts';

/** A secret found in a file's scan text (see scan-text.ts). */
export interface Detection {
  kind: SecretKindName;
  /** Offsets in the scan text, end exclusive. */
  start: number;
  end: number;
  /** Whether it is credible enough to report as a finding. Every detection is redacted. */
  report: boolean;
  /**
   * Which detection names an overlap: provider formats (3: secretlint, 2: Steward's own) before
   * generic rules (1: assignments, URL passwords, bearer tokens).
   */
  rank: number;
}
