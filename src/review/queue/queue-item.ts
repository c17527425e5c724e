import type { Selectable } from 'kysely';
import type { ReviewQueueTable } from '../../store/index.ts';
import type { Category, Severity } from '../finding.ts';

export type QueueStatus = ReviewQueueTable['status'];

/** A hint finding waiting for (or decided by) a human reviewer before it reaches the author. */
export interface QueueItem {
  /** Short and typeable: 8 lowercase hexadecimal characters. */
  id: string;
  findingId: string;
  /** The finding's identity on the pull request (see `findingFingerprints`). */
  fingerprint: string;
  repo: string;
  pr: number;
  head: string;
  path: string;
  startLine: number;
  endLine: number;
  severity: Severity;
  category: Category;
  confidence: number;
  title: string;
  explanation: string;
  replacement?: string;
  /** CODEOWNERS owners of the file, else the configured team, else none. */
  reviewers: string[];
  status: QueueStatus;
  /** Why it was dismissed. */
  reason?: string;
  decidedBy?: string;
  decidedAt?: number;
  createdAt: number;
}

export function queueItemFromRow(row: Selectable<ReviewQueueTable>): QueueItem {
  return {
    id: row.id,
    findingId: row.finding_id,
    fingerprint: row.fingerprint,
    repo: row.repo,
    pr: Number(row.pr),
    head: row.head,
    path: row.path,
    startLine: Number(row.start_line),
    endLine: Number(row.end_line),
    severity: row.severity as Severity,
    category: row.category as Category,
    confidence: Number(row.confidence),
    title: row.title,
    explanation: row.explanation,
    ...(row.replacement === null ? {} : { replacement: row.replacement }),
    reviewers: parseReviewers(row.reviewers),
    status: row.status,
    ...(row.reason === null ? {} : { reason: row.reason }),
    ...(row.decided_by === null ? {} : { decidedBy: row.decided_by }),
    ...(row.decided_at_ms === null ? {} : { decidedAt: Number(row.decided_at_ms) }),
    createdAt: Number(row.created_at_ms),
  };
}

function parseReviewers(text: string): string[] {
  try {
    const parsed: unknown = JSON.parse(text);
    return Array.isArray(parsed) ? parsed.filter((entry): entry is string => typeof entry === 'string') : [];
  } catch {
    return [];
  }
}
