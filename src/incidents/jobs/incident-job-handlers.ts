import { z } from 'zod';
import { incidentProposalClosedJob } from '../../approvals/index.ts';
import { PermanentJobError } from '../../jobs/index.ts';
import { sendNextProposal } from '../actions/index.ts';
import { triageIncident } from '../triage/triage-incident.ts';
import type { IncidentJobContext } from './incident-job-context.ts';
import { triageIncidentJob, triageIncidentPayload } from './triage-job.ts';
import { triageSources } from './triage-sources.ts';

const proposalClosedPayload = z.object({ incidentId: z.string().min(1) });

/**
 * The incident jobs, by kind: triage an incident, then update its Slack message; and, when the approval
 * gate closed one of its proposals without running it, send the next best.
 */
export function incidentJobHandlers(
  context: IncidentJobContext,
): Record<string, (payload: unknown) => Promise<void>> {
  const sources = triageSources(context);
  return {
    [incidentProposalClosedJob]: async (raw) => {
      const parsed = proposalClosedPayload.safeParse(raw);
      if (!parsed.success)
        throw new PermanentJobError(`proposal feedback payload is not valid: ${parsed.error.message}`);
      if (context.approvals === undefined) return;
      const sent = await sendNextProposal(context.approvals, parsed.data.incidentId);
      context.logger.info(
        { incident: parsed.data.incidentId, request: sent?.request.id },
        sent === undefined ? 'no other action to propose' : sent.message,
      );
    },
    [triageIncidentJob]: async (raw) => {
      const parsed = triageIncidentPayload.safeParse(raw);
      if (!parsed.success)
        throw new PermanentJobError(`triage job payload is not valid: ${parsed.error.message}`);
      const triage = await triageIncident({ ...context, ...sources }, parsed.data.incidentId);
      if (triage === undefined) return;
      const row = await context.db
        .selectFrom('incidents')
        .selectAll()
        .where('id', '=', parsed.data.incidentId)
        .executeTakeFirstOrThrow();
      await context.slack.notify(
        {
          id: row.id,
          title: row.title,
          status: row.status,
          severity: row.severity,
          services: JSON.parse(row.services) as string[],
          alertCount: row.alert_count,
          likelyCause: triage.likelyCause,
          confidence: triage.confidence,
          summary: triage.summary,
        },
        parsed.data.isNew,
      );
      context.logger.info(
        { incident: row.id, severity: row.severity, similar: triage.similar.length },
        'incident triaged',
      );
    },
  };
}
