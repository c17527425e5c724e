import { LineCounter, parseDocument } from 'yaml';
import type { ConfigIssue } from '../errors/index.ts';
import { checkConfigRules, normalizeConfig, type StewardConfig } from './config-rules.ts';
import { type DescribedIssue, describeIssue } from './describe-issue.ts';
import { configFileSchema } from './schema.ts';
import { keysAt } from './schema-keys.ts';
import { extractSecretKeys } from './secret-keys.ts';
import { lineOf } from './yaml-locator.ts';

export interface ParsedConfig {
  /** Present when there are no errors. */
  config: StewardConfig | undefined;
  errors: ConfigIssue[];
  warnings: ConfigIssue[];
}

/**
 * The configuration pipeline: YAML → schema → normalise → cross-field rules.
 * Every problem is reported with its source, line and key path; nothing is thrown.
 */
export function parseConfig(text: string, source: string): ParsedConfig {
  const lineCounter = new LineCounter();
  const document = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const locate = (issue: DescribedIssue): ConfigIssue => {
    const line = lineOf(document, lineCounter, issue.path, issue.atKey);
    return {
      source,
      ...(line === undefined ? {} : { line }),
      path: issue.path.join('.'),
      message: issue.message,
    };
  };
  const yamlWarnings = document.warnings.map((warning) => yamlIssue(source, warning, lineCounter));
  if (document.errors.length > 0) {
    return {
      config: undefined,
      errors: document.errors.map((error) => yamlIssue(source, error, lineCounter)),
      warnings: yamlWarnings,
    };
  }

  let data: unknown;
  try {
    data = document.toJS({ maxAliasCount: 100 }) ?? {};
  } catch (error) {
    return {
      config: undefined,
      errors: [{ source, path: '', message: `cannot read the YAML: ${String(error)}` }],
      warnings: yamlWarnings,
    };
  }
  if (typeof data !== 'object' || Array.isArray(data)) {
    return {
      config: undefined,
      errors: [
        {
          source,
          line: 1,
          path: '',
          message: `expected a mapping of settings at the top level, got ${Array.isArray(data) ? 'a list' : JSON.stringify(data)}`,
        },
      ],
      warnings: yamlWarnings,
    };
  }

  const secretIssues = extractSecretKeys(data);
  const parsed = configFileSchema.safeParse(data, { reportInput: true });
  const schemaIssues = parsed.success
    ? []
    : parsed.error.issues.flatMap((issue) => describeIssue(issue, (path) => keysAt(configFileSchema, path)));
  const errors = [...secretIssues, ...schemaIssues].map(locate);
  if (!parsed.success || errors.length > 0)
    return { config: undefined, errors: sortByLine(errors), warnings: yamlWarnings };

  const config = normalizeConfig(parsed.data);
  const rules = checkConfigRules(config);
  const warnings = [...yamlWarnings, ...rules.warnings.map(locate)];
  if (rules.errors.length > 0)
    return { config: undefined, errors: sortByLine(rules.errors.map(locate)), warnings };
  return { config, errors: [], warnings };
}

function yamlIssue(
  source: string,
  problem: { message: string; linePos?: [{ line: number }, ...unknown[]] | undefined; pos: [number, number] },
  lineCounter: LineCounter,
): ConfigIssue {
  const line = problem.linePos?.[0].line ?? lineCounter.linePos(problem.pos[0]).line;
  const message = problem.message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '');
  return { source, line, path: '', message: `YAML syntax: ${message}` };
}

function sortByLine(issues: ConfigIssue[]): ConfigIssue[] {
  return issues.toSorted((a, b) => (a.line ?? 0) - (b.line ?? 0));
}
