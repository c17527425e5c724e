import { ExitCode, StewardError } from './steward-error.ts';

/** One problem found in a configuration source, located as precisely as the source allows. */
export interface ConfigIssue {
  /** File the problem is in, or the environment variable's name. */
  source: string;
  /** 1-based line in `source`, when known. */
  line?: number;
  /** Dotted key path (`budgets.org.monthly_usd`), empty for the whole document. */
  path: string;
  message: string;
}

/** Formats an issue as `file:line: key.path: message`. */
export function formatConfigIssue(issue: ConfigIssue): string {
  const where = issue.line === undefined ? issue.source : `${issue.source}:${issue.line}`;
  return issue.path === '' ? `${where}: ${issue.message}` : `${where}: ${issue.path}: ${issue.message}`;
}

/** The configuration (file or environment) is invalid. Carries every issue found, not only the first. */
export class ConfigError extends StewardError {
  override readonly exitCode = ExitCode.usage;
  readonly issues: readonly ConfigIssue[];

  constructor(issues: readonly ConfigIssue[], hint?: string) {
    super(issues.map(formatConfigIssue).join('\n'), hint === undefined ? {} : { hint });
    this.issues = issues;
  }
}
