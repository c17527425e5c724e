import { z } from 'zod';
import type { JobHandler } from '../../jobs/index.ts';
import { executeApprovalJob } from '../requests/queue-execution.ts';
import { type ExecuteDeps, executeRequest } from './execute-request.ts';

const payloadSchema = z.object({ requestId: z.string().min(1) });

/** The approval jobs, by kind: run an approved request. */
export function approvalJobHandlers(deps: Omit<ExecuteDeps, 'signal'>): Record<string, JobHandler> {
  return {
    [executeApprovalJob]: async (payload, context) => {
      const { requestId } = payloadSchema.parse(payload);
      await executeRequest({ ...deps, signal: context.signal }, requestId);
    },
  };
}
