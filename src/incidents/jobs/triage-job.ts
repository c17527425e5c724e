import { z } from 'zod';

/** The job that triages an incident after alerts joined it, and tells Slack. */
export const triageIncidentJob = 'incidents.triage';

export const triageIncidentPayload = z.strictObject({
  incidentId: z.string().regex(/^[0-9a-f]{8}$/),
  /** True when the ingest that queued it opened the incident. */
  isNew: z.boolean(),
});

export type TriageIncidentPayload = z.output<typeof triageIncidentPayload>;
