import { sql } from 'kysely';
import type { StoreMigration } from '../store-migration.ts';

/**
 * The approval gate: requests, decisions, execution steps, the hash-chained audit log (append-only:
 * triggers refuse updates and deletes) and the Slack requests already seen (replay guard).
 */
export const migration: StoreMigration = {
  name: '0009-approvals',
  async up(db, dialect) {
    await db.schema
      .createTable('approval_requests')
      .addColumn('id', 'text', (column) => column.primaryKey())
      .addColumn('kind', 'text', (column) => column.notNull())
      .addColumn('environment', 'text', (column) => column.notNull())
      .addColumn('targets', 'text', (column) => column.notNull())
      .addColumn('arguments', 'text', (column) => column.notNull())
      .addColumn('action_hash', 'text', (column) => column.notNull())
      .addColumn('agent', 'text', (column) => column.notNull())
      .addColumn('run_id', 'text', (column) => column.notNull())
      .addColumn('proposed_by', 'text', (column) => column.notNull())
      .addColumn('reason', 'text', (column) => column.notNull())
      .addColumn('dedupe_key', 'text', (column) => column.unique())
      .addColumn('policy', 'text', (column) => column.notNull())
      .addColumn('target_digest', 'text', (column) => column.notNull())
      .addColumn('status', 'text', (column) => column.notNull())
      .addColumn('outcome_reason', 'text')
      .addColumn('slack_ts', 'text')
      .addColumn('runner', 'text')
      .addColumn('runner_until_ms', 'bigint')
      .addColumn('created_at_ms', 'bigint', (column) => column.notNull())
      .addColumn('expires_at_ms', 'bigint', (column) => column.notNull())
      .addColumn('approved_at_ms', 'bigint')
      .addColumn('finished_at_ms', 'bigint')
      .execute();
    await db.schema
      .createIndex('approval_requests_status')
      .on('approval_requests')
      .columns(['status', 'expires_at_ms'])
      .execute();

    await db.schema
      .createTable('approval_decisions')
      .addColumn('request_id', 'text', (column) => column.notNull())
      .addColumn('person', 'text', (column) => column.notNull())
      .addColumn('decision', 'text', (column) => column.notNull())
      .addColumn('comment', 'text', (column) => column.notNull())
      .addColumn('action_hash', 'text', (column) => column.notNull())
      .addColumn('target_digest', 'text', (column) => column.notNull())
      .addColumn('via', 'text', (column) => column.notNull())
      .addColumn('decided_at_ms', 'bigint', (column) => column.notNull())
      .addPrimaryKeyConstraint('approval_decisions_pk', [
        'request_id',
        'person',
        'action_hash',
        'target_digest',
      ])
      .execute();

    await db.schema
      .createTable('approval_steps')
      .addColumn('request_id', 'text', (column) => column.notNull())
      .addColumn('step', 'integer', (column) => column.notNull())
      .addColumn('targets', 'text', (column) => column.notNull())
      .addColumn('status', 'text', (column) => column.notNull())
      .addColumn('detail', 'text')
      .addColumn('started_at_ms', 'bigint', (column) => column.notNull())
      .addColumn('finished_at_ms', 'bigint')
      .addPrimaryKeyConstraint('approval_steps_pk', ['request_id', 'step'])
      .execute();

    await db.schema
      .createTable('audit_log')
      .addColumn('seq', 'bigint', (column) => column.primaryKey())
      .addColumn('at_ms', 'bigint', (column) => column.notNull())
      .addColumn('event', 'text', (column) => column.notNull())
      .addColumn('request_id', 'text')
      .addColumn('actor', 'text', (column) => column.notNull())
      .addColumn('detail', 'text', (column) => column.notNull())
      .addColumn('prev_hash', 'text', (column) => column.notNull())
      .addColumn('hash', 'text', (column) => column.notNull())
      .execute();
    await db.schema.createIndex('audit_log_request').on('audit_log').column('request_id').execute();
    // The newest entry, updated in the transaction that appends: appends queue on this row, and a
    // deleted last entry is still detected.
    await db.schema
      .createTable('audit_head')
      .addColumn('id', 'integer', (column) => column.primaryKey())
      .addColumn('seq', 'bigint', (column) => column.notNull())
      .addColumn('hash', 'text', (column) => column.notNull())
      .execute();
    await db.insertInto('audit_head').values({ id: 1, seq: 0, hash: '' }).execute();

    if (dialect === 'postgres') {
      await sql`create function steward_audit_append_only() returns trigger language plpgsql as $$
        begin raise exception 'audit_log is append-only'; end $$`.execute(db);
      await sql`create trigger audit_log_append_only before update or delete on audit_log
        for each row execute function steward_audit_append_only()`.execute(db);
    } else {
      await sql`create trigger audit_log_no_update before update on audit_log
        begin select raise(abort, 'audit_log is append-only'); end`.execute(db);
      await sql`create trigger audit_log_no_delete before delete on audit_log
        begin select raise(abort, 'audit_log is append-only'); end`.execute(db);
    }

    await db.schema
      .createTable('slack_requests')
      .addColumn('signature', 'text', (column) => column.primaryKey())
      .addColumn('received_at_ms', 'bigint', (column) => column.notNull())
      .execute();

    await db.schema.alterTable('incident_proposals').addColumn('approval_request_id', 'text').execute();
    await db.schema.alterTable('incident_proposals').addColumn('outcome_reason', 'text').execute();
  },
};
