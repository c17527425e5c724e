import { Hono } from 'hono';
import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { ApprovalDeps } from '../approvals/index.ts';
import type { StewardConfig } from '../config/index.ts';
import { getIncident, listIncidents, noiseReduction, parseStoredTriage } from '../incidents/index.ts';
import { jobCounts } from '../jobs/index.ts';
import { calibratedThresholds, categoryStats } from '../review/feedback/index.ts';
import {
  acceptQueueItem,
  dismissQueueItem,
  getQueueItem,
  listQueue,
  type QueueItem,
} from '../review/queue/index.ts';
import type { Database } from '../store/index.ts';
import { type ApiVariables, apiAuth, parseApproverTokens } from './api-auth.ts';
import { approvalRoutes } from './approval-routes.ts';
import { jsonBody } from './json-body.ts';

/** Posts an accepted queue item to its pull request. */
export type QueuePoster = (item: QueueItem) => Promise<void>;

const listQuery = z.strictObject({
  status: z.enum(['pending', 'accepted', 'dismissed', 'all']).default('pending'),
  repo: z
    .string()
    .regex(/^[^/\s]+\/[^/\s]+$/, 'expected "owner/name"')
    .optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(100),
});
const acceptBody = z.strictObject({ by: z.string().min(1).max(100).default('api') });
const dismissBody = z.strictObject({
  by: z.string().min(1).max(100).default('api'),
  reason: z.string().trim().min(1, 'a reason is required').max(500),
});
const incidentsQuery = z.strictObject({
  status: z.enum(['open', 'resolved', 'all']).default('all'),
  limit: z.coerce.number().int().min(1).max(1000).default(50),
});
const dayMs = 86_400_000;

/**
 * The JSON API, behind `Authorization: Bearer <token>` (see api-auth.ts): the human review queue,
 * feedback figures, the job queue, incidents and approvals.
 */
export function apiRoutes(options: {
  db: Kysely<Database>;
  config: StewardConfig;
  apiToken: string | undefined;
  postQueueItem: QueuePoster;
  now: () => number;
  /** `STEWARD_APPROVER_TOKENS`. */
  approverTokens?: string | undefined;
  approvals: ApprovalDeps;
  onQueued?: (() => void) | undefined;
}): Hono<{ Variables: ApiVariables }> {
  const api = new Hono<{ Variables: ApiVariables }>();
  const { db } = options;
  api.use(
    '*',
    apiAuth({ apiToken: options.apiToken, approverTokens: parseApproverTokens(options.approverTokens) }),
  );
  api.route(
    '/approvals',
    approvalRoutes(options.approvals, options.onQueued === undefined ? {} : { onQueued: options.onQueued }),
  );

  api.get('/queue', async (context) => {
    const query = listQuery.parse(context.req.query());
    const items = await listQueue(db, {
      status: query.status,
      limit: query.limit,
      ...(query.repo === undefined ? {} : { repo: query.repo }),
    });
    return context.json({ items });
  });
  api.get('/queue/:id', async (context) => {
    const item = await getQueueItem(db, context.req.param('id'));
    if (item === undefined) return context.json({ error: `no queue item ${context.req.param('id')}` }, 404);
    return context.json(item);
  });
  api.post('/queue/:id/accept', async (context) => {
    const body = acceptBody.parse(await jsonBody(context.req.raw));
    const item = await acceptQueueItem(db, context.req.param('id'), {
      by: body.by,
      post: options.postQueueItem,
      now: options.now(),
    });
    return context.json(item);
  });
  api.post('/queue/:id/dismiss', async (context) => {
    const body = dismissBody.parse(await jsonBody(context.req.raw));
    const item = await dismissQueueItem(db, context.req.param('id'), {
      by: body.by,
      reason: body.reason,
      now: options.now(),
    });
    return context.json(item);
  });
  api.get('/feedback', async (context) => {
    const since = options.now() - options.config.feedback.window_days * dayMs;
    const stats = await categoryStats(db, { since });
    const thresholds = calibratedThresholds(stats, options.config.review.post, options.config.feedback);
    return context.json({ since: new Date(since).toISOString(), categories: stats, thresholds });
  });
  api.get('/jobs', async (context) => context.json(await jobCounts(db)));
  api.get('/incidents', async (context) => {
    const query = incidentsQuery.parse(context.req.query());
    const incidents = await listIncidents(db, {
      limit: query.limit,
      ...(query.status === 'all' ? {} : { status: query.status }),
    });
    return context.json({ incidents: incidents.map(({ triage, ...incident }) => incident) });
  });
  api.get('/incidents/stats', async (context) => {
    const since = z.coerce.number().int().min(0).default(0).parse(context.req.query('since'));
    return context.json({ noise: await noiseReduction(db, { since }) });
  });
  api.get('/incidents/:id', async (context) => {
    const detail = await getIncident(db, context.req.param('id').toLowerCase());
    if (detail === undefined) return context.json({ error: `no incident ${context.req.param('id')}` }, 404);
    const { triage, ...incident } = detail.incident;
    const proposals = await db
      .selectFrom('incident_proposals')
      .selectAll()
      .where('incident_id', '=', incident.id)
      .orderBy('created_at_ms')
      .execute();
    return context.json({
      incident,
      triage: parseStoredTriage(triage) ?? null,
      alerts: detail.alerts,
      proposals: proposals.map((row) => ({ ...row, evidence: JSON.parse(row.evidence) as unknown })),
    });
  });
  return api;
}
