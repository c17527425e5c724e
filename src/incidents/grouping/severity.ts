import { type IncidentsConfig, incidentSeverities } from '../../config/index.ts';
import { UsageError } from '../../errors/index.ts';
import { labelValue } from './labels.ts';

export type IncidentSeverity = (typeof incidentSeverities)[number];

/** Severity names used by Alertmanager rules, PagerDuty, syslog and paging tools, as Steward's five. */
const severityNames = new Map<string, IncidentSeverity>([
  ...[
    'critical',
    'crit',
    'fatal',
    'emergency',
    'emerg',
    'alert',
    'page',
    'disaster',
    'p1',
    'sev1',
    'sev-1',
    'sev0',
    'p0',
  ].map((name) => [name, 'critical'] as const),
  ...['high', 'error', 'err', 'major', 'severe', 'p2', 'sev2', 'sev-2'].map(
    (name) => [name, 'high'] as const,
  ),
  ...['medium', 'warning', 'warn', 'moderate', 'average', 'p3', 'sev3', 'sev-3'].map(
    (name) => [name, 'medium'] as const,
  ),
  ...['low', 'minor', 'notice', 'p4', 'sev4', 'sev-4'].map((name) => [name, 'low'] as const),
  ...['info', 'informational', 'information', 'debug', 'none', 'ok', 'p5', 'sev5', 'sev-5'].map(
    (name) => [name, 'info'] as const,
  ),
]);

/** Steward's severity for a `severity` label value (`error` → high, `warning` → medium, `page` → critical, …). */
export function normalizeSeverity(value: string | undefined): IncidentSeverity | undefined {
  if (value === undefined) return undefined;
  return severityNames.get(value.trim().toLowerCase());
}

/** critical > high > medium > low > info. */
export function maxSeverity(left: string, right: string): string {
  return severityRank(right) > severityRank(left) ? right : left;
}

function severityRank(severity: string): number {
  const index = (incidentSeverities as readonly string[]).indexOf(severity);
  return index < 0 ? -1 : incidentSeverities.length - index;
}

/** A label matcher: exact value, or a regular expression written between slashes. */
export type LabelMatcher = (value: string | undefined) => boolean;

/**
 * Compiles a rule's `match` (label → value, or `/regex/`): an alert matches when every named label
 * matches. A regex is JavaScript's, unanchored (write `^…$` to match the whole value); a label the alert
 * lacks matches nothing. `where` names the rule in the error for an invalid regex.
 */
export function compileLabelMatch(
  match: Readonly<Record<string, string>>,
  where: string,
): (labels: Readonly<Record<string, string>>) => boolean {
  const matchers = Object.entries(match).map(([name, expected]): [string, LabelMatcher] => {
    if (expected.length >= 3 && expected.startsWith('/') && expected.endsWith('/')) {
      let pattern: RegExp;
      try {
        pattern = new RegExp(expected.slice(1, -1), 'u');
      } catch (error) {
        throw new UsageError(
          `${where}.${name}: ${expected} is not a valid regular expression: ${(error as Error).message}`,
          {
            hint: 'write a JavaScript regular expression between slashes, such as /^api-.*/',
          },
        );
      }
      return [name, (value) => value !== undefined && pattern.test(value)];
    }
    return [name, (value) => value === expected];
  });
  return (labels) => matchers.every(([name, matches]) => matches(labelValue(labels, name)));
}

/**
 * The severity of an alert with `labels`: the first of `incidents.severity_rules` that matches, else its
 * `severity` label read by `normalizeSeverity`, else medium.
 */
export function compileSeverityOf(
  rules: IncidentsConfig['severity_rules'],
): (labels: Readonly<Record<string, string>>) => IncidentSeverity {
  const compiled = rules.map((rule, index) => ({
    matches: compileLabelMatch(rule.match, `incidents.severity_rules.${index}.match`),
    severity: rule.severity,
  }));
  return (labels) =>
    compiled.find((rule) => rule.matches(labels))?.severity ??
    normalizeSeverity(labelValue(labels, 'severity')) ??
    'medium';
}
