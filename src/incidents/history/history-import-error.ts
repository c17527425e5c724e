import { ExitCode, StewardError } from '../../errors/index.ts';

/** One problem with one row of a history file. */
export interface HistoryIssue {
  file: string;
  /** CSV: the 1-based line the row starts on. */
  line?: number;
  /** JSON: the 0-based index of the incident in the array. */
  index?: number;
  /** Dotted path of the field (`actions[0].outcome`), empty for the whole row or file. */
  field: string;
  message: string;
}

/** Formats an issue as `file:line: field: message` (CSV) or `file [index]: field: message` (JSON). */
export function formatHistoryIssue(issue: HistoryIssue): string {
  const where =
    issue.line !== undefined
      ? `${issue.file}:${issue.line}`
      : issue.index !== undefined
        ? `${issue.file} [${issue.index}]`
        : issue.file;
  return issue.field === '' ? `${where}: ${issue.message}` : `${where}: ${issue.field}: ${issue.message}`;
}

const shownIssues = 20;

/** A history file (or the incidents given to `importHistory`) has bad rows: nothing was imported. */
export class HistoryImportError extends StewardError {
  override readonly exitCode = ExitCode.usage;
  readonly issues: readonly HistoryIssue[];

  constructor(issues: readonly HistoryIssue[]) {
    const shown = issues.slice(0, shownIssues).map(formatHistoryIssue);
    if (issues.length > shownIssues) shown.push(`… and ${issues.length - shownIssues} more problems`);
    super(shown.join('\n'), {
      hint: 'Nothing was imported. Fix these rows and import the file again (importing is idempotent).',
    });
    this.issues = issues;
  }
}

/** `actions[0].outcome` from a zod issue path. */
export function formatFieldPath(path: readonly PropertyKey[]): string {
  let text = '';
  for (const key of path) {
    if (typeof key === 'number') text += `[${key}]`;
    else text += text === '' ? String(key) : `.${String(key)}`;
  }
  return text;
}
