import { CsvError, parse as parseCsv } from 'csv-parse/sync';
import type { z } from 'zod';
import { formatFieldPath, HistoryImportError, type HistoryIssue } from './history-import-error.ts';
import { type PastIncidentInput, pastIncidentSchema } from './past-incident.ts';

export type HistoryFormat = 'json' | 'csv';

/** The columns of a CSV history file; the header names them, in any order. */
export const historyCsvColumns = [
  'id',
  'title',
  'services',
  'labels',
  'summary',
  'root_cause',
  'actions',
  'resolved',
  'minutes_to_resolve',
  'occurred_at',
] as const;
const requiredCsvColumns = ['title', 'summary', 'resolved'] as const;

/**
 * Reads a history file: a JSON array of incidents (or `{ "incidents": [...] }`), or a CSV file with a
 * header row (see README.md for the columns and how lists, labels and actions are written in a cell).
 * Every row is validated; when any row is bad it throws one HistoryImportError listing every problem,
 * each with the file, the row (CSV line, JSON index) and the field.
 */
export function parseHistory(text: string, format: HistoryFormat, file: string): PastIncidentInput[] {
  return format === 'json' ? parseJsonHistory(text, file) : parseCsvHistory(text, file);
}

function parseJsonHistory(text: string, file: string): PastIncidentInput[] {
  let data: unknown;
  try {
    data = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (error) {
    throw new HistoryImportError([
      { file, field: '', message: `not valid JSON: ${(error as Error).message}` },
    ]);
  }
  const items = Array.isArray(data)
    ? data
    : typeof data === 'object' && data !== null && Array.isArray((data as { incidents?: unknown }).incidents)
      ? (data as { incidents: unknown[] }).incidents
      : undefined;
  if (items === undefined) {
    throw new HistoryImportError([
      { file, field: '', message: 'expected an array of incidents, or an object with an "incidents" array' },
    ]);
  }
  const issues: HistoryIssue[] = [];
  const rows: PastIncidentInput[] = [];
  const seen = new Map<string, number>();
  items.forEach((item, index) => {
    const parsed = pastIncidentSchema.safeParse(item);
    if (!parsed.success) {
      issues.push(...zodIssues(parsed.error, { file, index }));
      return;
    }
    const earlier = parsed.data.id === undefined ? undefined : seen.get(parsed.data.id);
    if (earlier !== undefined) {
      issues.push({
        file,
        index,
        field: 'id',
        message: `duplicate id "${parsed.data.id}", also at [${earlier}]`,
      });
      return;
    }
    if (parsed.data.id !== undefined) seen.set(parsed.data.id, index);
    rows.push(parsed.data);
  });
  if (issues.length > 0) throw new HistoryImportError(issues);
  return rows;
}

interface CsvRecord {
  record: string[];
  raw: string;
  info: { lines: number };
}

function parseCsvHistory(text: string, file: string): PastIncidentInput[] {
  let records: CsvRecord[];
  try {
    records = parseCsv(text, {
      bom: true,
      skip_empty_lines: true,
      info: true,
      raw: true,
    }) as unknown as CsvRecord[];
  } catch (error) {
    if (error instanceof CsvError) {
      const line = typeof error.lines === 'number' ? error.lines : undefined;
      throw new HistoryImportError([
        {
          file,
          ...(line === undefined ? {} : { line }),
          field: '',
          message: `not valid CSV: ${error.message}`,
        },
      ]);
    }
    throw error;
  }
  const [header, ...body] = records;
  if (header === undefined) return [];
  const headerLine = startLine(header);
  const columns = header.record.map((name) => name.trim().toLowerCase());
  const headerIssues: HistoryIssue[] = [];
  columns.forEach((name, position) => {
    if (!(historyCsvColumns as readonly string[]).includes(name)) {
      headerIssues.push({
        file,
        line: headerLine,
        field: name === '' ? `column ${position + 1}` : name,
        message: `unknown column; the columns are ${historyCsvColumns.join(', ')}`,
      });
    } else if (columns.indexOf(name) !== position) {
      headerIssues.push({ file, line: headerLine, field: name, message: 'column given twice' });
    }
  });
  for (const name of requiredCsvColumns) {
    if (!columns.includes(name)) {
      headerIssues.push({ file, line: headerLine, field: name, message: 'missing column (it is required)' });
    }
  }
  if (headerIssues.length > 0) throw new HistoryImportError(headerIssues);

  const issues: HistoryIssue[] = [];
  const rows: PastIncidentInput[] = [];
  const seen = new Map<string, number>();
  for (const entry of body) {
    const line = startLine(entry);
    const cells = new Map(columns.map((name, position) => [name, (entry.record[position] ?? '').trim()]));
    const { value, problems } = decodeCsvRow(cells);
    issues.push(...problems.map((problem) => ({ file, line, ...problem })));
    const parsed = pastIncidentSchema.safeParse(value);
    if (!parsed.success) {
      issues.push(...zodIssues(parsed.error, { file, line }));
      continue;
    }
    if (problems.length > 0) continue;
    const earlier = parsed.data.id === undefined ? undefined : seen.get(parsed.data.id);
    if (earlier !== undefined) {
      issues.push({
        file,
        line,
        field: 'id',
        message: `duplicate id "${parsed.data.id}", also on line ${earlier}`,
      });
      continue;
    }
    if (parsed.data.id !== undefined) seen.set(parsed.data.id, line);
    rows.push(parsed.data);
  }
  if (issues.length > 0) throw new HistoryImportError(issues);
  return rows;
}

/** The line a record starts on: csv-parse counts the line it ends on. */
function startLine(entry: CsvRecord): number {
  const content = entry.raw.replace(/^(?:\r?\n)+/, '').replace(/\r?\n$/, '');
  const inner = content.split('\n').length - 1;
  return entry.info.lines - inner;
}

type Problem = Pick<HistoryIssue, 'field' | 'message'>;

/** Turns CSV cells into the shape of a JSON incident; cells it cannot decode become problems. */
function decodeCsvRow(cells: Map<string, string>): { value: Record<string, unknown>; problems: Problem[] } {
  const value: Record<string, unknown> = {};
  const problems: Problem[] = [];
  for (const [name, cell] of cells) {
    if (cell === '') continue;
    switch (name) {
      case 'services':
        value.services = splitList(cell);
        break;
      case 'labels': {
        const labels = decodeLabels(cell);
        if (typeof labels === 'string') problems.push({ field: 'labels', message: labels });
        else value.labels = labels;
        break;
      }
      case 'actions': {
        const actions = decodeActions(cell);
        if (typeof actions === 'string') problems.push({ field: 'actions', message: actions });
        else value.actions = actions;
        break;
      }
      case 'resolved':
        value.resolved = /^(?:true|yes|y|1)$/i.test(cell)
          ? true
          : /^(?:false|no|n|0)$/i.test(cell)
            ? false
            : cell;
        break;
      case 'minutes_to_resolve':
        value.minutes_to_resolve = toNumber(cell);
        break;
      default:
        value[name] = cell;
    }
  }
  return { value, problems };
}

function splitList(cell: string): string[] {
  return cell
    .split(';')
    .map((item) => item.trim())
    .filter((item) => item !== '');
}

function toNumber(cell: string): number | string {
  return /^[+-]?(?:\d+\.?\d*|\.\d+)(?:e[+-]?\d+)?$/i.test(cell) ? Number(cell) : cell;
}

/** `name=value;name=value`, or a JSON object. Returns the problem as a string. */
function decodeLabels(cell: string): Record<string, unknown> | string {
  if (cell.startsWith('{')) {
    try {
      const parsed: unknown = JSON.parse(cell);
      return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)
        ? (parsed as Record<string, unknown>)
        : 'expected a JSON object of label names to values';
    } catch (error) {
      return `not valid JSON: ${(error as Error).message}`;
    }
  }
  const labels: Record<string, string> = {};
  for (const pair of splitList(cell)) {
    const equals = pair.indexOf('=');
    if (equals <= 0) return `expected name=value pairs separated by ";", got "${pair}"`;
    const name = pair.slice(0, equals).trim();
    if (Object.hasOwn(labels, name)) return `label "${name}" given twice`;
    labels[name] = pair.slice(equals + 1).trim();
  }
  return labels;
}

/** A JSON array, or `action|outcome|minutes|kind|target` entries separated by `;`. */
function decodeActions(cell: string): unknown[] | string {
  if (cell.startsWith('[')) {
    try {
      const parsed: unknown = JSON.parse(cell);
      return Array.isArray(parsed) ? parsed : 'expected a JSON array of actions';
    } catch (error) {
      return `not valid JSON: ${(error as Error).message}`;
    }
  }
  const actions: unknown[] = [];
  for (const entry of splitList(cell)) {
    const parts = entry.split('|').map((part) => part.trim());
    if (parts.length < 2 || parts.length > 5) {
      return `expected "action|outcome|minutes|kind|target" (minutes, kind and target optional), got "${entry}"`;
    }
    const [action, outcome, minutes = '', kind = '', target = ''] = parts;
    actions.push({
      action,
      outcome,
      ...(minutes === '' ? {} : { minutes: toNumber(minutes) }),
      ...(kind === '' ? {} : { kind }),
      ...(target === '' ? {} : { target }),
    });
  }
  return actions;
}

function zodIssues(
  error: z.ZodError,
  where: { file: string; line?: number; index?: number },
): HistoryIssue[] {
  return error.issues.map((issue) => ({
    ...where,
    field: formatFieldPath(issue.path),
    message: issue.message,
  }));
}
