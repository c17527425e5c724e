export interface SarifLimits {
  resultsPerRun: number;
  rulesPerRun: number;
  tagsPerRule: number;
  identifierLength: number;
  descriptionLength: number;
  gzipBytes: number;
  messageLength: number;
}

/**
 * What GitHub code scanning accepts in an uploaded SARIF file ("SARIF support for code scanning" and
 * "SARIF results exceed limits" in GitHub's documentation). A file over a maximum is rejected whole,
 * so the SARIF output cuts to fit and says so in the run's properties.
 */
export const sarifLimits: Readonly<SarifLimits> = {
  resultsPerRun: 25_000,
  rulesPerRun: 25_000,
  tagsPerRule: 20,
  /** Rule ids and names: longer identifiers are rejected. */
  identifierLength: 255,
  /** `shortDescription.text` and `fullDescription.text` of a rule. */
  descriptionLength: 1_024,
  /** The upload, gzip-compressed. */
  gzipBytes: 10_000_000,
  /** Steward's own bound on `message.text` (GitHub shows it as the alert's title and body). */
  messageLength: 4_000,
};
