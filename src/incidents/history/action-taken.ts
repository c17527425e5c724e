import { z } from 'zod';
import { productionActionKinds } from '../../config/index.ts';

/** What an action did: production kinds (which become proposals) and three that never touch production. */
export const actionKinds = [...productionActionKinds, 'other', 'investigate', 'communicate'] as const;
export type ActionKind = (typeof actionKinds)[number];

/** What happened after an action was taken. */
export const actionOutcomes = ['resolved', 'improved', 'no_effect', 'worse'] as const;
export type ActionOutcome = (typeof actionOutcomes)[number];

/** One action taken during a past incident, and its outcome. */
export const actionTakenSchema = z.strictObject({
  action: z.string().trim().min(1, 'expected the action taken, such as "rollback orders-api"').max(500),
  kind: z.enum(actionKinds).optional(),
  target: z.string().trim().min(1).max(200).optional(),
  outcome: z.enum(actionOutcomes),
  /** Minutes after the incident started when it was taken. */
  minutes: z.number('expected a number of minutes').finite().min(0).optional(),
});

export type ActionTaken = z.output<typeof actionTakenSchema>;
