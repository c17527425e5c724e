import type { Selectable } from 'kysely';
import { StoreError } from '../../errors/index.ts';
import type { AuditLogTable } from '../../store/index.ts';
import { canonicalJson, sha256 } from '../registry/proposed-action.ts';
import type { AuditEvent } from './audit-event.ts';

/** One entry of the audit log as every reader sees it: the stored row with its detail parsed. */
export interface AuditEntry {
  /** 1, 2, 3, … without gaps. */
  seq: number;
  atMs: number;
  event: AuditEvent;
  /** The approval request it is about; null for entries about no single request. */
  requestId: string | null;
  /** Who did it: a person, an agent, or Steward itself. */
  actor: string;
  detail: Record<string, unknown>;
  /** The previous entry's hash; '' for entry 1. */
  prevHash: string;
  /** See `auditEntryHash`. */
  hash: string;
}

/** The fields an entry's hash covers: all of them but the hash itself (any event, to check stored rows). */
export type AuditHashInput = Omit<AuditEntry, 'hash' | 'event'> & { event: string };

/**
 * sha-256 (hex) of the canonical JSON (keys sorted at every depth) of
 * `{ seq, at_ms, event, request_id, actor, detail, prev_hash }`. Covering `prev_hash` chains each entry to
 * the one before; covering `seq` pins its place.
 */
export function auditEntryHash(entry: AuditHashInput): string {
  return sha256(
    canonicalJson({
      seq: entry.seq,
      at_ms: entry.atMs,
      event: entry.event,
      request_id: entry.requestId,
      actor: entry.actor,
      detail: entry.detail,
      prev_hash: entry.prevHash,
    }),
  );
}

/**
 * Parses a stored detail: a JSON object, else undefined (only an entry edited behind Steward's back
 * holds anything else).
 */
export function parseAuditDetail(text: string): Record<string, unknown> | undefined {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  return value !== null && typeof value === 'object' && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}

/** The entry of a stored row (bigint columns normalised to numbers). */
export function auditEntryFromRow(row: Selectable<AuditLogTable>): AuditEntry {
  const detail = parseAuditDetail(row.detail);
  if (detail === undefined) {
    throw new StoreError(`audit entry ${row.seq} has a detail that is not a JSON object.`, {
      hint: 'the log was edited outside Steward: run `steward audit verify`',
    });
  }
  return {
    seq: Number(row.seq),
    atMs: Number(row.at_ms),
    event: row.event as AuditEvent,
    requestId: row.request_id,
    actor: row.actor,
    detail,
    prevHash: row.prev_hash,
    hash: row.hash,
  };
}
