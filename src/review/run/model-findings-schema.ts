import { z } from 'zod';
import { categories, severities } from '../finding.ts';

/** What a model must answer: findings with new-side lines. Every field is required (strict structured output). */
export const modelFindingsSchema = z.object({
  findings: z.array(
    z.object({
      path: z.string(),
      start_line: z.number().int(),
      end_line: z.number().int(),
      severity: z.enum(severities),
      category: z.enum(categories),
      confidence: z.number().min(0).max(1),
      title: z.string(),
      explanation: z.string(),
      replacement: z.string().nullable(),
    }),
  ),
});

export type ModelFindings = z.output<typeof modelFindingsSchema>;
export type ModelFinding = ModelFindings['findings'][number];
