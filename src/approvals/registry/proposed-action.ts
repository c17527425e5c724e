import { createHash } from 'node:crypto';
import { z } from 'zod';
import { type ApprovalActionKind, approvalActionKinds, personName } from '../../config/index.ts';

const targetName = z
  .string()
  .trim()
  .min(1)
  .max(200)
  .regex(/^[^\s{}]+$/, 'expected a name without spaces or braces');

/** What an action changes: services (each meaning all of its instances) and hosts (one target each). */
export const actionTargetsSchema = z
  .strictObject({
    services: z
      .array(targetName.refine((name) => !name.includes('/'), 'a service name cannot contain "/"'))
      .max(500)
      .default([]),
    hosts: z.array(targetName).max(5_000).default([]),
  })
  .refine((targets) => targets.services.length + targets.hosts.length > 0, 'expected at least one target');
export type ActionTargets = z.output<typeof actionTargetsSchema>;

/**
 * An action as an agent proposes it. The kind must be one of the registry's (deny by default:
 * anything else is refused); the reason is what the person at the gate reads.
 */
export const proposedActionSchema = z.strictObject({
  kind: z.enum(approvalActionKinds, {
    error: (issue) =>
      `unknown action kind ${JSON.stringify(issue.input)}: expected one of ${approvalActionKinds.join(', ')}`,
  }),
  targets: actionTargetsSchema,
  environment: z
    .string()
    .regex(/^[a-z][a-z0-9_-]*$/, 'expected a lowercase environment name such as "production"'),
  arguments: z.record(z.string(), z.json()).default({}),
  agent: z.string().regex(/^[a-z][a-z0-9_-]*$/, 'expected the agent name, such as "incidents"'),
  run: z.string().min(1).max(200).describe('The agent run (or incident) that proposed it.'),
  reason: z.string().trim().min(1, 'a reason is required').max(4_000),
  /** The person the agent acted for (who asked it, or ran it): they cannot approve it either. */
  requested_by: personName.optional(),
  /** Proposing again with the same key returns the first request instead of a new one. */
  dedupe_key: z.string().min(1).max(300).optional(),
});
export type ProposedActionInput = z.input<typeof proposedActionSchema>;
export type ProposedAction = z.output<typeof proposedActionSchema>;

export type { ApprovalActionKind };

/** Targets in a canonical order (sorted, without repeats): the same set always hashes the same. */
export function canonicalTargets(targets: ActionTargets): ActionTargets {
  return {
    services: [...new Set(targets.services)].sort(),
    hosts: [...new Set(targets.hosts)].sort(),
  };
}

/**
 * sha-256 over the kind, environment, targets and arguments as canonical JSON (object keys sorted):
 * what an approval binds to. Any change to any of them is a different action.
 */
export function actionHash(action: {
  kind: string;
  environment: string;
  targets: ActionTargets;
  arguments: Record<string, unknown>;
}): string {
  return sha256(
    canonicalJson({
      kind: action.kind,
      environment: action.environment,
      targets: canonicalTargets(action.targets),
      arguments: action.arguments,
    }),
  );
}

export function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/** JSON with object keys sorted at every depth; arrays keep their order. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(sortKeys(value));
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .map((key) => [key, sortKeys((value as Record<string, unknown>)[key])]),
    );
  }
  return value;
}
