import type { AgentName, Limits, StewardConfig } from '../config/index.ts';

/**
 * What a call is for, from which its budget scopes follow: `org`, `agent:<name>`, `team:<name>`,
 * `repo:<owner/name>`, `pr:<owner/name#n>`, `incident:<id>`, `run:<id>`.
 */
export interface ScopeContext {
  agent: AgentName;
  repo?: string;
  pr?: number;
  incident?: string;
  run?: string;
}

/** A budget scope and its limits (undefined where none is configured). */
export interface Scope {
  name: string;
  limits: Limits | undefined;
}

/** Every scope a call counts against, from the widest to the narrowest. */
export function scopesFor(context: ScopeContext, config: StewardConfig): Scope[] {
  const { budgets } = config;
  const scopes: Scope[] = [
    { name: 'org', limits: budgets.org },
    { name: `agent:${context.agent}`, limits: budgets.agents[context.agent] },
  ];
  if (context.repo !== undefined) {
    for (const team of teamsOf(context.repo, config))
      scopes.push({ name: `team:${team}`, limits: budgets.teams[team] });
    scopes.push({ name: `repo:${context.repo}`, limits: budgets.repos[context.repo] });
    if (context.pr !== undefined)
      scopes.push({ name: `pr:${context.repo}#${context.pr}`, limits: budgets.per_pr });
  }
  if (context.incident !== undefined)
    scopes.push({ name: `incident:${context.incident}`, limits: budgets.per_incident });
  if (context.run !== undefined) scopes.push({ name: `run:${context.run}`, limits: budgets.per_run });
  return scopes;
}

/** The configured limits of a scope by its name, for status reports. */
export function limitsOfScope(name: string, config: StewardConfig): Limits | undefined {
  const { budgets } = config;
  const [kind, rest = ''] = splitScope(name);
  switch (kind) {
    case 'org':
      return budgets.org;
    case 'agent':
      return budgets.agents[rest as AgentName];
    case 'team':
      return budgets.teams[rest];
    case 'repo':
      return budgets.repos[rest];
    case 'pr':
      return budgets.per_pr;
    case 'incident':
      return budgets.per_incident;
    case 'run':
      return budgets.per_run;
    default:
      return undefined;
  }
}

function splitScope(name: string): [string, string?] {
  const colon = name.indexOf(':');
  return colon < 0 ? [name] : [name.slice(0, colon), name.slice(colon + 1)];
}

/** Teams whose `repos` list matches the repository (exact names or `*` globs). */
export function teamsOf(repo: string, config: StewardConfig): string[] {
  return Object.entries(config.teams)
    .filter(([, team]) => team.repos.some((pattern) => globMatches(pattern, repo)))
    .map(([name]) => name);
}

function globMatches(pattern: string, value: string): boolean {
  const source = pattern.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replaceAll('*', '[^/]*');
  return new RegExp(`^${source}$`).test(value);
}
