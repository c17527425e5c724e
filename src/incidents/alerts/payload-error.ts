import { ExitCode, StewardError } from '../../errors/index.ts';

/** One problem with an alert payload: where (`alerts.3.labels`) and what. */
export interface AlertPayloadIssue {
  /** Dotted path of the field, empty for the whole body. */
  path: string;
  message: string;
}

const maxIssues = 10;

/** An alert body that is not what its source promises: the caller answers 400 and stores nothing. */
export class AlertPayloadError extends StewardError {
  override readonly exitCode = ExitCode.usage;
  /** `alertmanager`, `pagerduty` or `generic`. */
  readonly source: string;
  readonly issues: readonly AlertPayloadIssue[];

  constructor(source: string, issues: readonly AlertPayloadIssue[]) {
    const shown = issues.slice(0, maxIssues);
    const more = issues.length > shown.length ? ` (and ${issues.length - shown.length} more)` : '';
    super(
      `${source} payload is not valid: ${shown.map((issue) => `${issue.path || '(body)'}: ${issue.message}`).join('; ')}${more}`,
      { hint: `see src/incidents/alerts/README.md for the ${source} format Steward accepts` },
    );
    this.source = source;
    this.issues = shown;
  }
}

/** Shortens a path segment or a value for a message: a hostile payload may hold megabytes. */
export function shorten(text: string, length = 64): string {
  return text.length <= length ? text : `${text.slice(0, length)}…`;
}

/** Describes a value in an error message, briefly. */
export function describeInput(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'an object';
  if (typeof value === 'string') return JSON.stringify(shorten(value, 40));
  return String(value);
}
