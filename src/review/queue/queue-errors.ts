import { ExitCode, StewardError } from '../../errors/index.ts';
import type { QueueItem } from './queue-item.ts';

/** No queue item has the id the user gave. */
export class QueueItemNotFoundError extends StewardError {
  override readonly exitCode = ExitCode.usage;
  /** The API answers 404. */
  readonly httpStatus = 404;
  readonly id: string;

  constructor(id: string) {
    super(`No review queue item has the id "${id}".`, {
      hint: 'Queue ids are 8 hexadecimal characters; `steward queue list` shows the pending items.',
    });
    this.id = id;
  }
}

/** The item was accepted or dismissed before: a decision is taken once. */
export class QueueItemDecidedError extends StewardError {
  override readonly exitCode = ExitCode.usage;
  /** The API answers 409. */
  readonly httpStatus = 409;
  readonly item: QueueItem;

  constructor(item: QueueItem) {
    const by = item.decidedBy === undefined || item.decidedBy === '' ? '' : ` by ${item.decidedBy}`;
    const when = item.decidedAt === undefined ? '' : ` at ${new Date(item.decidedAt).toISOString()}`;
    const reason = item.status === 'dismissed' && item.reason !== undefined ? ` (${item.reason})` : '';
    super(`Review queue item ${item.id} was already ${item.status}${by}${when}${reason}.`, {
      hint: 'Only a pending item can be accepted or dismissed; `steward queue list` shows them.',
    });
    this.item = item;
  }
}
