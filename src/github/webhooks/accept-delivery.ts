import type { Kysely, Transaction } from 'kysely';
import type { GitHubConfig } from '../../config/index.ts';
import { enqueueJob } from '../../jobs/index.ts';
import { feedbackForComment, recordFeedback } from '../../review/feedback/index.ts';
import type { Database } from '../../store/index.ts';
import { routeWebhookEvent, type WebhookDecision, WebhookPayloadError } from './route-event.ts';
import { verifyWebhookSignature } from './verify-signature.ts';

export interface WebhookDelivery {
  /** `X-GitHub-Event` */
  event: string | undefined;
  /** `X-GitHub-Delivery` */
  deliveryId: string | undefined;
  /** `X-Hub-Signature-256` */
  signature: string | undefined;
  /** The body exactly as received: the signature covers these bytes. */
  rawBody: string;
}

export interface WebhookAnswer {
  status: 200 | 202 | 400 | 401;
  body: { status: string; reason?: string; job?: string; error?: string; issues?: unknown };
  /** True when a job was queued: the caller may wake its worker. */
  queued: boolean;
}

/**
 * Answers one GitHub webhook delivery: checks its signature, ignores a delivery seen before, and stores
 * what it asks for (a job, a pause, feedback) in one transaction with the delivery's id, so that the
 * answer is fast and a restart loses nothing. Nothing is stored for a delivery that is refused.
 */
export async function acceptWebhookDelivery(
  db: Kysely<Database>,
  delivery: WebhookDelivery,
  options: { secret: string; config: GitHubConfig; now: number },
): Promise<WebhookAnswer> {
  if (!(await verifyWebhookSignature(options.secret, delivery.rawBody, delivery.signature))) {
    return {
      status: 401,
      body: { status: 'refused', error: 'X-Hub-Signature-256 is missing or does not match the body' },
      queued: false,
    };
  }
  if (delivery.event === undefined || delivery.deliveryId === undefined || delivery.deliveryId === '') {
    return {
      status: 400,
      body: { status: 'refused', error: 'X-GitHub-Event and X-GitHub-Delivery headers are required' },
      queued: false,
    };
  }
  let payload: unknown;
  try {
    payload = JSON.parse(delivery.rawBody);
  } catch (error) {
    return {
      status: 400,
      body: { status: 'refused', error: `the body is not JSON: ${(error as Error).message}` },
      queued: false,
    };
  }
  let decision: WebhookDecision;
  try {
    decision = routeWebhookEvent(delivery.event, payload, options.config);
  } catch (error) {
    if (!(error instanceof WebhookPayloadError)) throw error;
    return {
      status: 400,
      body: { status: 'refused', error: error.message, issues: error.issues },
      queued: false,
    };
  }
  const { event, deliveryId } = delivery;
  return db.transaction().execute(async (transaction) => {
    const inserted = await transaction
      .insertInto('webhook_deliveries')
      .values({
        delivery_id: deliveryId,
        event,
        action:
          typeof (payload as { action?: unknown }).action === 'string'
            ? (payload as { action: string }).action
            : null,
        received_at_ms: options.now,
        job_id: null,
      })
      .onConflict((conflict) => conflict.column('delivery_id').doNothing())
      .executeTakeFirst();
    if ((inserted.numInsertedOrUpdatedRows ?? 0n) === 0n) {
      return {
        status: 200,
        body: { status: 'duplicate', reason: `delivery ${deliveryId} was received before` },
        queued: false,
      };
    }
    return apply(transaction, decision, deliveryId, options.now);
  });
}

async function apply(
  db: Transaction<Database>,
  decision: WebhookDecision,
  deliveryId: string,
  now: number,
): Promise<WebhookAnswer> {
  switch (decision.kind) {
    case 'ignored':
      return { status: 200, body: { status: 'ignored', reason: decision.reason }, queued: false };
    case 'job': {
      const job = await enqueueJob(db, {
        kind: decision.job.kind,
        payload: decision.job.payload,
        ...('dedupeKey' in decision.job && decision.job.dedupeKey !== undefined
          ? { dedupeKey: decision.job.dedupeKey }
          : {}),
        now,
      });
      await db
        .updateTable('webhook_deliveries')
        .set({ job_id: job.id })
        .where('delivery_id', '=', deliveryId)
        .execute();
      return {
        status: 202,
        body: { status: job.created ? 'queued' : 'already queued', job: job.id },
        queued: job.created,
      };
    }
    case 'pause':
    case 'resume': {
      const paused = decision.kind === 'pause' ? 1 : 0;
      await db
        .insertInto('github_pull_requests')
        .values({
          repo: decision.repo,
          pr: decision.pr,
          installation_id: decision.installationId ?? null,
          paused,
          summary_comment_id: null,
          updated_at_ms: now,
        })
        .onConflict((conflict) =>
          conflict.columns(['repo', 'pr']).doUpdateSet({ paused, updated_at_ms: now }),
        )
        .execute();
      return {
        status: 200,
        body: { status: decision.kind === 'pause' ? 'paused' : 'resumed', reason: `by ${decision.actor}` },
        queued: false,
      };
    }
    case 'feedback': {
      const finding = await feedbackForComment(db, decision.commentId);
      if (finding === undefined)
        return {
          status: 200,
          body: { status: 'ignored', reason: 'not a comment of Steward' },
          queued: false,
        };
      await recordFeedback(db, {
        ...finding,
        kind: decision.feedback,
        actor: decision.actor,
        ...(decision.detail === undefined ? {} : { detail: decision.detail }),
        at: now,
      });
      return { status: 200, body: { status: 'recorded', reason: decision.feedback }, queued: false };
    }
    case 'installation':
      await db
        .insertInto('github_installations')
        .values({ id: decision.id, account: decision.account, status: decision.status, updated_at_ms: now })
        .onConflict((conflict) =>
          conflict
            .column('id')
            .doUpdateSet({ account: decision.account, status: decision.status, updated_at_ms: now }),
        )
        .execute();
      return { status: 200, body: { status: `installation ${decision.status}` }, queued: false };
  }
}
