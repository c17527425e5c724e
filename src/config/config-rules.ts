import { defaultAgentTiers, defaultTiers } from './defaults.ts';
import type { DescribedIssue } from './describe-issue.ts';
import type { ConfigFile, Limits, Tier } from './schema.ts';

/** The configuration after defaults and cross-field rules: what every feature reads. */
export type StewardConfig = Omit<ConfigFile, 'tiers' | 'incidents' | 'learning'> & {
  tiers: Record<string, Tier>;
  incidents: Omit<ConfigFile['incidents'], 'tier'> & { tier: string };
  learning: { tier: string };
};

/** Fills in what the file left out: default tiers (file entries replace them by name), agent tiers. */
export function normalizeConfig(file: ConfigFile): StewardConfig {
  return {
    ...file,
    tiers: { ...defaultTiers, ...file.tiers },
    incidents: { ...file.incidents, tier: file.incidents.tier ?? defaultAgentTiers.incidents },
    learning: { tier: file.learning.tier ?? defaultAgentTiers.learning },
  };
}

/** Rules that span several keys. Errors stop the load; warnings are shown and the load goes on. */
export function checkConfigRules(config: StewardConfig): {
  errors: DescribedIssue[];
  warnings: DescribedIssue[];
} {
  const errors: DescribedIssue[] = [];
  const warnings: DescribedIssue[] = [];
  const tierNames = Object.keys(config.tiers);
  const tierReferences: [(string | number)[], string][] = [
    [['incidents', 'tier'], config.incidents.tier],
    [['learning', 'tier'], config.learning.tier],
    ...Object.entries(config.review.tiers).map(([level, tier]): [string[], string] => [
      ['review', 'tiers', level],
      tier,
    ]),
  ];
  for (const [path, tier] of tierReferences) {
    if (!tierNames.includes(tier)) {
      errors.push({
        path,
        atKey: false,
        message: `unknown tier "${tier}" (defined tiers: ${tierNames.join(', ')}; add it under tiers:)`,
      });
    }
  }
  if (config.review.tier_thresholds.complex < config.review.tier_thresholds.standard) {
    errors.push({
      path: ['review', 'tier_thresholds', 'complex'],
      atKey: false,
      message: `the complex threshold (${config.review.tier_thresholds.complex}) is below the standard one (${config.review.tier_thresholds.standard})`,
    });
  }

  const providers = ['openai', 'anthropic', ...Object.keys(config.providers.compatible)];
  for (const [tierName, tier] of Object.entries(config.tiers)) {
    for (const [index, model] of [tier.model, ...tier.fallbacks].entries()) {
      const path = index === 0 ? ['tiers', tierName, 'model'] : ['tiers', tierName, 'fallbacks', index - 1];
      const provider = model.includes(':') ? model.slice(0, model.indexOf(':')) : undefined;
      if (provider !== undefined && !providers.includes(provider)) {
        errors.push({
          path,
          atKey: false,
          message: `unknown provider "${provider}" in "${model}" (known: ${providers.join(', ')}; add it under providers.compatible:)`,
        });
      }
      if (index > 0 && model === tier.model) {
        warnings.push({ path, atKey: false, message: `fallback "${model}" is the tier's own model` });
      }
    }
  }

  const teams = Object.keys(config.teams);
  for (const team of Object.keys(config.budgets.teams)) {
    if (!teams.includes(team)) {
      errors.push({
        path: ['budgets', 'teams', team],
        atKey: true,
        message: `unknown team "${team}" (define it under teams: with the repositories it owns)`,
      });
    }
  }

  const thresholds = config.budgets.alerts.thresholds;
  if (thresholds.some((value, index) => index > 0 && value <= thresholds[index - 1]!)) {
    errors.push({
      path: ['budgets', 'alerts', 'thresholds'],
      atKey: false,
      message: `expected thresholds in increasing order without repeats, got [${thresholds.join(', ')}]`,
    });
  }

  const longestCall = config.calls.timeout_seconds * (config.calls.max_retries + 1);
  if (config.budgets.lease_seconds < longestCall) {
    warnings.push({
      path: ['budgets', 'lease_seconds'],
      atKey: false,
      message: `a reservation lease of ${config.budgets.lease_seconds}s is shorter than the longest call (${longestCall}s = calls.timeout_seconds × (calls.max_retries + 1)): a slow call's money could be released while it runs`,
    });
  }

  for (const [path, limits] of limitEntries(config)) {
    if (
      limits.daily_usd !== undefined &&
      limits.monthly_usd !== undefined &&
      limits.daily_usd > limits.monthly_usd
    ) {
      warnings.push({
        path: [...path, 'daily_usd'],
        atKey: false,
        message: `daily limit ${limits.daily_usd} exceeds the monthly limit ${limits.monthly_usd}; the monthly limit binds first`,
      });
    }
  }
  errors.push(...approvalRuleErrors(config));
  return { errors, warnings };
}

/** Approval rules: known groups, enough possible approvers, and wide actions never automatic. */
function approvalRuleErrors(config: StewardConfig): DescribedIssue[] {
  const errors: DescribedIssue[] = [];
  const groups = config.approvals.groups;
  const groupNames = Object.keys(groups);
  for (const [index, rule] of config.approvals.rules.entries()) {
    const path = ['approvals', 'rules', index];
    for (const [position, group] of rule.approvers.entries()) {
      if (!groupNames.includes(group)) {
        errors.push({
          path: [...path, 'approvers', position],
          atKey: false,
          message: `unknown approver group "${group}" (define it under approvals.groups:)`,
        });
      }
    }
    if (rule.decision === 'auto' && rule.wide) {
      errors.push({
        path: [...path, 'decision'],
        atKey: false,
        message: 'a wide action cannot run without approval: use approve (with more approvers) or deny',
      });
    }
    if (rule.decision === 'approve') {
      const eligible = new Set(
        (rule.approvers.length === 0 ? groupNames : rule.approvers).flatMap((group) => groups[group] ?? []),
      );
      if (eligible.size < rule.min_approvals) {
        errors.push({
          path: [...path, 'min_approvals'],
          atKey: false,
          message: `needs ${rule.min_approvals} approvals but only ${eligible.size} people are in its approver groups: such a request could never run`,
        });
      }
    }
  }
  const executor = config.approvals.executor;
  if (executor.webhook_url !== undefined && executor.command !== undefined) {
    errors.push({
      path: ['approvals', 'executor', 'command'],
      atKey: true,
      message: 'both webhook_url and command are set: keep one, so that it is clear what runs the steps',
    });
  }
  return errors;
}

function limitEntries(config: StewardConfig): [(string | number)[], Limits][] {
  const { budgets } = config;
  const entries: [(string | number)[], Limits | undefined][] = [
    [['budgets', 'org'], budgets.org],
    [['budgets', 'per_pr'], budgets.per_pr],
    [['budgets', 'per_incident'], budgets.per_incident],
    [['budgets', 'per_run'], budgets.per_run],
    ...Object.entries(budgets.teams).map(([key, value]): [string[], Limits] => [
      ['budgets', 'teams', key],
      value,
    ]),
    ...Object.entries(budgets.repos).map(([key, value]): [string[], Limits] => [
      ['budgets', 'repos', key],
      value,
    ]),
    ...Object.entries(budgets.agents).map(([key, value]): [string[], Limits | undefined] => [
      ['budgets', 'agents', key],
      value,
    ]),
  ];
  return entries.filter((entry): entry is [(string | number)[], Limits] => entry[1] !== undefined);
}
