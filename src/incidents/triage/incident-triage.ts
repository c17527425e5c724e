import { z } from 'zod';

/** What triage stored about an incident (`incidents.triage`, JSON). */
export const incidentTriageSchema = z.object({
  severity: z.string(),
  likelyCause: z.string().optional(),
  confidence: z.number().optional(),
  basis: z.string(),
  summary: z.string().optional(),
  summaryBy: z.enum(['model', 'rules']),
  model: z.string().optional(),
  costMicros: z.number().optional(),
  similar: z.array(
    z.object({ id: z.string(), title: z.string(), score: z.number(), matched: z.array(z.string()) }),
  ),
  runbooks: z.array(z.object({ path: z.string(), title: z.string(), reason: z.string() })),
  actions: z.array(
    z.object({
      action: z.string(),
      kind: z.string(),
      origin: z.enum(['history', 'model']),
      tries: z.number(),
      worked: z.number(),
      score: z.number(),
      incidents: z.array(z.string()),
      /** One line for a terminal or a chat message. */
      line: z.string(),
    }),
  ),
  /** Actions that would touch production, proposed for approval (never run here). */
  proposals: z.number(),
  notes: z.array(z.string()),
  triagedAt: z.number(),
});

export type IncidentTriage = z.output<typeof incidentTriageSchema>;

/** The stored triage of an incident, or undefined when there is none (or it is unreadable). */
export function parseStoredTriage(text: string | null): IncidentTriage | undefined {
  if (text === null) return undefined;
  try {
    const parsed = incidentTriageSchema.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}
