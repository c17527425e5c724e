import { z } from 'zod';
import { categories, severities } from '../finding.ts';

const micros = z.number().int().min(0).describe('micro-USD: 1 USD = 1,000,000');
const count = z.number().int().min(0);
const line = z.number().int().min(1);

const unitSchema = z.strictObject({
  id: z.string(),
  paths: z.array(z.string()),
  risk: z.number().min(0).max(1),
  level: z.enum(['simple', 'standard', 'complex']),
  tier: z.string(),
  model: z.string().describe('`provider:model` of the tier’s first model'),
  estimatedInputTokens: count,
  maxOutputTokens: count,
  estimatedCostMicros: micros,
  reason: z.string(),
});

const findingSchema = z.strictObject({
  path: z.string(),
  startLine: line,
  endLine: line,
  severity: z.enum(severities),
  category: z.enum(categories),
  confidence: z.number().min(0).max(1),
  title: z.string(),
  explanation: z.string(),
  replacement: z
    .string()
    .nullable()
    .describe('text replacing lines startLine..endLine, when the fix is mechanical'),
  foundBy: z.string().describe('`provider:model`, or a free check such as `secret-scan`'),
  route: z
    .enum(['post', 'hint'])
    .nullable()
    .describe('`post`: an inline comment; `hint`: the collapsed digest'),
});

/**
 * The JSON report (`steward review --format json`), version 1. Every key is always present (absent values
 * are `null`), money is in integer micro-USD, and lines are 1-based on the new side of the change.
 * Removing, renaming or retyping a key, or changing what a value means, gets a new version number; keys
 * may be added within a version, so readers should ignore keys they do not know. (This schema is strict
 * all the same: it pins the output in Steward's own tests.)
 */
export const reviewJsonSchema = z.strictObject({
  version: z.literal(1),
  runId: z.string(),
  planOnly: z.boolean().describe('true for a plan: nothing was called or spent'),
  source: z.discriminatedUnion('kind', [
    z.strictObject({
      kind: z.literal('local'),
      root: z.string(),
      base: z.string(),
      head: z.string(),
      mergeBase: z.string().nullable(),
      staged: z.boolean(),
    }),
    z.strictObject({
      kind: z.literal('github'),
      repo: z.string(),
      pr: z.number().int().min(1),
      baseSha: z.string(),
      headSha: z.string(),
      url: z.string(),
    }),
  ]),
  files: z.strictObject({
    inChange: count,
    reviewed: count,
    skipped: count,
    leftOut: count,
    unseen: count,
    incomplete: count,
  }),
  findings: z.array(findingSchema).describe('most severe first'),
  dropped: z.strictObject({
    notOnChangedLines: count,
    duplicates: count,
    overLimit: count,
    malformed: count,
  }),
  notReviewed: z.strictObject({
    skipped: z.array(z.strictObject({ path: z.string(), reason: z.string() })),
    leftOut: z.array(z.strictObject({ unit: unitSchema, reason: z.string() })).describe('riskiest first'),
    unseen: z.array(z.strictObject({ path: z.string().nullable(), reason: z.string() })),
    incomplete: z.array(
      z.strictObject({ unitId: z.string(), paths: z.array(z.string()), reason: z.string() }),
    ),
  }),
  plan: z.strictObject({
    units: z.array(unitSchema),
    estimatedCostMicros: micros,
    budgetMicros: micros,
  }),
  cost: z.strictObject({
    spentMicros: micros,
    budgetMicros: micros,
    estimatedMicros: micros,
  }),
  notes: z.array(z.string()),
});

export type ReviewJson = z.infer<typeof reviewJsonSchema>;
