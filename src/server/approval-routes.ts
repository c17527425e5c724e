import { Hono } from 'hono';
import { z } from 'zod';
import {
  type ApprovalDeps,
  decideRequest,
  decisionsOf,
  expireRequests,
  listAudit,
  listRequests,
  proposeAction,
  readRequest,
  requestOutcome,
  stepsOf,
} from '../approvals/index.ts';
import { approvalStatuses } from '../store/index.ts';
import type { ApiVariables } from './api-auth.ts';
import { jsonBody } from './json-body.ts';

const listQuery = z.strictObject({
  status: z.enum([...approvalStatuses, 'open', 'all']).default('open'),
  limit: z.coerce.number().int().min(1).max(1000).default(100),
});
const decisionBody = z.strictObject({
  comment: z.string().max(2_000).default(''),
  action_hash: z
    .string()
    .regex(/^[0-9a-f]{64}$/, 'expected the 64-hex action hash shown with the request')
    .optional(),
});

/**
 * `/api/approvals`: anyone with a token reads requests and proposes actions (agents use the operator
 * token); only approver tokens decide, as the person the token names (a body cannot say who).
 */
export function approvalRoutes(
  deps: ApprovalDeps,
  options: { onQueued?: () => void },
): Hono<{ Variables: ApiVariables }> {
  const routes = new Hono<{ Variables: ApiVariables }>();
  routes.get('/', async (context) => {
    const query = listQuery.parse(context.req.query());
    await expireRequests(deps);
    return context.json({ requests: await listRequests(deps.db, query) });
  });
  routes.post('/', async (context) => {
    const proposal = await proposeAction(deps, await jsonBody(context.req.raw));
    if (proposal.result === 'auto') options.onQueued?.();
    return context.json(proposal, proposal.result === 'existing' ? 200 : 201);
  });
  routes.get('/:id', async (context) => {
    await expireRequests(deps);
    const request = await readRequest(deps.db, context.req.param('id'));
    return context.json({
      request,
      decisions: await decisionsOf(deps.db, request),
      steps: await stepsOf(deps.db, request.id),
      audit: await listAudit(deps.db, { requestId: request.id }),
    });
  });
  routes.get('/:id/outcome', async (context) => {
    await expireRequests(deps);
    return context.json(await requestOutcome(deps.db, context.req.param('id')));
  });
  for (const decision of ['approve', 'reject'] as const) {
    routes.post(`/:id/${decision}`, async (context) => {
      const caller = context.get('caller');
      if (caller.role !== 'approver') {
        return context.json(
          {
            error: `only an approver token may ${decision}: this is the operator token`,
            hint: 'Give each approver their own token in STEWARD_APPROVER_TOKENS (name=token).',
          },
          403,
        );
      }
      const body = decisionBody.parse(await jsonBody(context.req.raw));
      const result = await decideRequest(deps, {
        requestId: context.req.param('id'),
        person: caller.person,
        decision,
        comment: body.comment,
        via: 'api',
        actionHash: body.action_hash,
      });
      if (result.request.status === 'approved') options.onQueued?.();
      return context.json(result);
    });
  }
  return routes;
}
