export {
  type Codeowners,
  type CodeownersIssue,
  type CodeownersRule,
  codeownersFor,
  parseCodeowners,
} from './codeowners.ts';
export {
  type AcceptQueueItemOptions,
  acceptQueueItem,
  type DismissQueueItemOptions,
  dismissQueueItem,
  maxDismissReasonLength,
} from './decide-queue-item.ts';
export { getQueueItem, type ListQueueOptions, listQueue } from './list-queue.ts';
export { QueueItemDecidedError, QueueItemNotFoundError } from './queue-errors.ts';
export { newQueueId, type QueueHintsOptions, queueHints } from './queue-hints.ts';
export type { QueueItem, QueueStatus } from './queue-item.ts';
