import { type ApprovalActionKind, type ApprovalsConfig, readOnlyActionKinds } from '../../config/index.ts';
import type { RequestPolicy } from '../requests/approval-request.ts';

export interface PolicyInput {
  kind: ApprovalActionKind;
  environment: string;
  /** From the blast-radius guard: over the instance share of a service, or every service. */
  wide: boolean;
  /** Why it is wide. */
  wideNotes: readonly string[];
}

/**
 * Decides how an action passes the gate: the first rule matching its kind, environment and width
 * decides. Without a matching rule: a wide action is denied, read-only kinds and non-production
 * environments run at once, anything else is denied (deny by default). Read-only kinds are never wide.
 */
export function evaluatePolicy(action: PolicyInput, config: ApprovalsConfig): RequestPolicy {
  const readOnly = readOnlyActionKinds.includes(action.kind);
  const wide = action.wide && !readOnly;
  const notes = wide ? [...action.wideNotes] : [];
  for (const [index, rule] of config.rules.entries()) {
    if (rule.kinds !== undefined && !rule.kinds.includes(action.kind)) continue;
    if (rule.environments !== undefined && !rule.environments.includes(action.environment)) continue;
    if (rule.wide !== wide) continue;
    const approving = rule.decision === 'approve';
    return {
      decision: rule.decision,
      rule: `approvals.rules[${index}]`,
      approvers: approving ? [...rule.approvers] : [],
      minApprovals: approving ? rule.min_approvals : 0,
      waitMinutes: approving ? rule.wait_minutes : 0,
      wide,
      notes: rule.decision === 'deny' ? [...notes, `denied by approvals.rules[${index}]`] : notes,
    };
  }
  const base = { approvers: [], minApprovals: 0, waitMinutes: 0, wide };
  if (wide) {
    return {
      ...base,
      decision: 'deny',
      rule: 'default: wide actions',
      notes: [...notes, 'no rule with wide: true allows it: split it into smaller actions, or add one'],
    };
  }
  if (readOnly) return { ...base, decision: 'auto', rule: 'default: read-only kinds', notes };
  if (!config.production_environments.includes(action.environment)) {
    return { ...base, decision: 'auto', rule: 'default: non-production', notes };
  }
  return {
    ...base,
    decision: 'deny',
    rule: 'default: deny',
    notes: [`no rule in approvals.rules allows ${action.kind} in ${action.environment}: denied by default`],
  };
}
