import type { IncidentsConfig } from '../../config/index.ts';

/** An alert as triage reads it. */
export interface TriageAlert {
  labels: Record<string, string>;
  annotations: Record<string, string>;
  startsAt: number;
  status: 'firing' | 'resolved';
}

export interface RuleTriage {
  likelyCause: string;
  confidence: number;
  /** What the cause rests on, for the reader. */
  basis: string;
}

/** `/regex/` matches as a regular expression; anything else must be equal. */
export function labelMatches(pattern: string, value: string | undefined): boolean {
  if (value === undefined) return false;
  if (pattern.length > 2 && pattern.startsWith('/') && pattern.endsWith('/')) {
    try {
      return new RegExp(pattern.slice(1, -1)).test(value);
    } catch {
      return false;
    }
  }
  return pattern === value;
}

/**
 * A likely cause without a model, in this order: a configured cause rule matching an alert (its own
 * confidence); else, when alerts span services that depend on one another, the service the others
 * depend on (0.6); else the earliest alert (0.3).
 */
export function ruleTriage(alerts: readonly TriageAlert[], config: IncidentsConfig): RuleTriage | undefined {
  if (alerts.length === 0) return undefined;
  const ordered = [...alerts].sort((left, right) => left.startsAt - right.startsAt);
  for (const rule of config.cause_rules) {
    const alert = ordered.find((candidate) =>
      Object.entries(rule.match).every(([name, pattern]) => labelMatches(pattern, candidate.labels[name])),
    );
    if (alert !== undefined) {
      return {
        likelyCause: rule.cause,
        confidence: rule.confidence,
        basis: `cause rule matching ${Object.entries(rule.match)
          .map(([name, pattern]) => `${name}=${pattern}`)
          .join(', ')}`,
      };
    }
  }
  const serviceOf = (alert: TriageAlert) => alert.labels[config.service_label];
  const services = [
    ...new Set(ordered.map(serviceOf).filter((service): service is string => service !== undefined)),
  ];
  if (services.length > 1) {
    const dependsOn = (service: string, other: string, seen = new Set<string>()): boolean => {
      if (seen.has(service)) return false;
      seen.add(service);
      const direct = config.dependencies[service] ?? [];
      return direct.includes(other) || direct.some((next) => dependsOn(next, other, seen));
    };
    const roots = services.filter(
      (candidate) =>
        services.some((other) => other !== candidate && dependsOn(other, candidate)) &&
        !services.some((other) => other !== candidate && dependsOn(candidate, other)),
    );
    if (roots.length === 1) {
      const root = roots[0]!;
      const first = ordered.find((alert) => serviceOf(alert) === root)!;
      const dependents = services.filter((other) => other !== root && dependsOn(other, root));
      return {
        likelyCause: `${root}: ${describe(first)}`,
        confidence: 0.6,
        basis: `${dependents.join(', ')} depend${dependents.length === 1 ? 's' : ''} on ${root} (incidents.dependencies)`,
      };
    }
  }
  const first = ordered[0]!;
  return {
    likelyCause: `${serviceOf(first) === undefined ? '' : `${serviceOf(first)}: `}${describe(first)}`,
    confidence: 0.3,
    basis: 'the earliest alert of the incident',
  };
}

function describe(alert: TriageAlert): string {
  return alert.annotations.summary ?? alert.labels.alertname ?? 'alert';
}
