import type { Kysely } from 'kysely';
import { UsageError } from '../../errors/index.ts';
import type { Database } from '../../store/index.ts';
import { type AuditEntry, auditEntryFromRow } from './audit-entry.ts';

export interface ListAuditOptions {
  /** Only the entries about this approval request. */
  requestId?: string | undefined;
  /** At most this many: the newest ones. Unless told, 100 of the whole log and all of one request's. */
  limit?: number | undefined;
}

/** Audit entries, oldest first, detail parsed: the newest 100 unless told, or those of one request. */
export async function listAudit(db: Kysely<Database>, options: ListAuditOptions = {}): Promise<AuditEntry[]> {
  const limit = options.limit ?? (options.requestId === undefined ? 100 : undefined);
  if (limit !== undefined && (!Number.isSafeInteger(limit) || limit < 1)) {
    throw new UsageError(`An audit listing limit must be a whole number of 1 or more, not ${limit}.`);
  }
  let query = db.selectFrom('audit_log').selectAll().orderBy('seq', 'desc');
  if (options.requestId !== undefined) query = query.where('request_id', '=', options.requestId);
  if (limit !== undefined) query = query.limit(limit);
  const rows = await query.execute();
  return rows.reverse().map(auditEntryFromRow);
}
