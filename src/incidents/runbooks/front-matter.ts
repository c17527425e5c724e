import { LineCounter, parseDocument } from 'yaml';
import { z } from 'zod';
import { lineOf } from '../../config/yaml-locator.ts';

/** What a runbook's front matter may say; other keys (owner, tags…) are allowed and ignored. */
const frontMatterSchema = z.looseObject({
  title: z.string().trim().min(1, 'expected a title').optional(),
  alerts: z
    .union([z.string().min(1), z.array(z.string().min(1))], 'expected an alert name or a list of alert names')
    .transform((value) => (typeof value === 'string' ? [value] : value))
    .optional(),
  labels: z
    .record(
      z.string().min(1),
      z.union([z.string(), z.number(), z.boolean()], 'expected a label value').transform(String),
      'expected a mapping of label names to values',
    )
    .optional(),
  services: z
    .union([z.string().min(1), z.array(z.string().min(1))], 'expected a service or a list of services')
    .transform((value) => (typeof value === 'string' ? [value] : value))
    .optional(),
});

export interface FrontMatter {
  title?: string;
  alerts: string[];
  labels: Record<string, string>;
  services: string[];
}

/** A problem in a runbook's front matter, at a 1-based line of the file. */
export interface FrontMatterProblem {
  line: number;
  message: string;
}

/**
 * Splits YAML front matter (between a first line `---` and the next `---` or `...` line) from the
 * Markdown body and validates it. Returns the problems instead of the front matter when it is bad.
 */
export function readFrontMatter(
  text: string,
): { frontMatter: FrontMatter; body: string } | { problems: FrontMatterProblem[] } {
  const content = text.replace(/^\uFEFF/, '');
  const lines = content.split(/\r?\n/);
  const empty: FrontMatter = { alerts: [], labels: {}, services: [] };
  if (lines[0]?.trimEnd() !== '---') return { frontMatter: empty, body: content };
  const closing = lines.findIndex((line, index) => index > 0 && /^(?:---|\.\.\.)\s*$/.test(line));
  if (closing < 0) {
    return { problems: [{ line: 1, message: 'front matter starts with --- but has no closing --- line' }] };
  }
  const yaml = lines.slice(1, closing).join('\n');
  const body = lines.slice(closing + 1).join('\n');
  // Lines of the YAML are lines of the file shifted by the opening `---`.
  const fileLine = (line: number) => line + 1;
  const lineCounter = new LineCounter();
  const document = parseDocument(yaml, { lineCounter, prettyErrors: false, uniqueKeys: true });
  if (document.errors.length > 0) {
    return {
      problems: document.errors.map((error) => ({
        line: fileLine(error.linePos?.[0].line ?? lineCounter.linePos(error.pos[0]).line),
        message: `YAML syntax: ${error.message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '')}`,
      })),
    };
  }
  const data: unknown = document.toJS({ maxAliasCount: 100 }) ?? {};
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    return { problems: [{ line: 2, message: 'front matter must be a mapping (key: value lines)' }] };
  }
  const parsed = frontMatterSchema.safeParse(data);
  if (!parsed.success) {
    return {
      problems: parsed.error.issues.map((issue) => {
        const path = issue.path.map((key) => (typeof key === 'number' ? key : String(key)));
        const line = lineOf(document, lineCounter, path) ?? 1;
        return { line: fileLine(line), message: `${path.join('.') || 'front matter'}: ${issue.message}` };
      }),
    };
  }
  const { title, alerts, labels, services } = parsed.data;
  return {
    frontMatter: {
      ...(title === undefined ? {} : { title }),
      alerts: alerts ?? [],
      labels: labels ?? {},
      services: services ?? [],
    },
    body,
  };
}
