import type { Kysely } from 'kysely';
import { StoreError } from '../../errors/index.ts';
import type { Database } from '../../store/index.ts';
import { canonicalJson } from '../registry/proposed-action.ts';
import { type AuditEntry, auditEntryHash, parseAuditDetail } from './audit-entry.ts';
import { AuditAppendError } from './audit-errors.ts';
import { type AuditEvent, auditEvents, isAuditEvent } from './audit-event.ts';

/** What the caller records; the log adds the sequence number and the hashes. */
export interface AuditEntryInput {
  event: AuditEvent;
  requestId: string | null;
  actor: string;
  /** A JSON object: stored as canonical JSON (keys sorted), so it reads back as JSON would. */
  detail: Record<string, unknown>;
  atMs: number;
}

/**
 * Appends one entry to the audit log and returns it.
 *
 * **`db` must be a transaction** (`db.transaction().execute((trx) => appendAudit(trx, …))`), normally
 * the one making the change the entry records, so that both commit or neither does; anything else
 * throws `AuditAppendError` before writing.
 *
 * The next sequence number comes from `update audit_head set seq = seq + 1 … returning seq, hash`:
 * the row lock this takes queues concurrent appenders on PostgreSQL until the first commits (SQLite
 * transactions here begin immediate, holding the write lock throughout), so sequence numbers are
 * 1, 2, 3, … without gaps, and a rolled back append gives its number back. The entry's `prev_hash`
 * is the head's hash ('' for entry 1), its `hash` is `auditEntryHash`, and the head takes the new hash.
 */
export async function appendAudit(db: Kysely<Database>, entry: AuditEntryInput): Promise<AuditEntry> {
  if (!db.isTransaction) {
    throw new AuditAppendError(
      'appendAudit needs a transaction: pass the transaction that makes the change it records.',
    );
  }
  if (!isAuditEvent(entry.event)) {
    throw new AuditAppendError(
      `unknown audit event ${JSON.stringify(entry.event)}: expected one of ${auditEvents.join(', ')}`,
    );
  }
  if (!Number.isSafeInteger(entry.atMs)) {
    throw new AuditAppendError(`an audit entry's time must be whole milliseconds, not ${entry.atMs}`);
  }
  if (typeof entry.actor !== 'string' || entry.actor === '') {
    throw new AuditAppendError('an audit entry needs an actor');
  }
  let detailJson: string | undefined;
  try {
    detailJson = canonicalJson(entry.detail) as string | undefined;
  } catch (error) {
    throw new AuditAppendError(`an audit entry's detail cannot be written as JSON: ${String(error)}`, {
      cause: error,
    });
  }
  // The hash covers the detail as it reads back from the database, not the object as given.
  const detail = detailJson === undefined ? undefined : parseAuditDetail(detailJson);
  if (detailJson === undefined || detail === undefined) {
    throw new AuditAppendError("an audit entry's detail must be a JSON object");
  }

  const head = await db
    .updateTable('audit_head')
    .set((eb) => ({ seq: eb('seq', '+', 1) }))
    .where('id', '=', 1)
    .returning(['seq', 'hash'])
    .executeTakeFirst();
  if (head === undefined) {
    throw new StoreError('the audit log has no head row (audit_head id 1).', {
      hint: 'run `steward migrate`; if it is up to date, the row was deleted outside Steward',
    });
  }
  const written: AuditEntry = {
    seq: Number(head.seq),
    atMs: entry.atMs,
    event: entry.event,
    requestId: entry.requestId,
    actor: entry.actor,
    detail,
    prevHash: head.hash,
    hash: '',
  };
  written.hash = auditEntryHash(written);
  await db
    .insertInto('audit_log')
    .values({
      seq: written.seq,
      at_ms: written.atMs,
      event: written.event,
      request_id: written.requestId,
      actor: written.actor,
      detail: detailJson,
      prev_hash: written.prevHash,
      hash: written.hash,
    })
    .execute();
  await db.updateTable('audit_head').set({ hash: written.hash }).where('id', '=', 1).execute();
  return written;
}
