export { createGitHubClients, type GitHubClients, type GitHubClientsOptions } from './auth/github-clients.ts';
export { installationTokenCache } from './auth/installation-token-cache.ts';
export { collectReactions } from './feedback/collect-reactions.ts';
export type { GitHubJobContext } from './jobs/github-job-context.ts';
export { gitHubJobHandlers } from './jobs/github-job-handlers.ts';
export {
  type CollectFeedbackPayload,
  collectFeedbackJob,
  type ReviewPullRequestPayload,
  reviewPullRequestJob,
} from './jobs/job-payloads.ts';
export { postQueueItem } from './jobs/post-queue-item.ts';
export { publishReview } from './jobs/publish-review.ts';
export {
  acceptWebhookDelivery,
  type WebhookAnswer,
  type WebhookDelivery,
} from './webhooks/accept-delivery.ts';
export { routeWebhookEvent, type WebhookDecision, WebhookPayloadError } from './webhooks/route-event.ts';
export { verifyWebhookSignature } from './webhooks/verify-signature.ts';
