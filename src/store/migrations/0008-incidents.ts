import type { StoreMigration } from '../store-migration.ts';

/** Incidents, their alerts, past incidents (history) and action proposals. */
export const migration: StoreMigration = {
  name: '0008-incidents',
  async up(db) {
    await db.schema
      .createTable('incidents')
      .addColumn('id', 'text', (column) => column.primaryKey())
      .addColumn('title', 'text', (column) => column.notNull())
      .addColumn('status', 'text', (column) => column.notNull())
      .addColumn('source', 'text', (column) => column.notNull())
      .addColumn('group_key', 'text', (column) => column.notNull())
      .addColumn('services', 'text', (column) => column.notNull())
      .addColumn('severity', 'text', (column) => column.notNull())
      .addColumn('alert_count', 'integer', (column) => column.notNull())
      .addColumn('opened_at_ms', 'bigint', (column) => column.notNull())
      .addColumn('last_alert_at_ms', 'bigint', (column) => column.notNull())
      .addColumn('resolved_at_ms', 'bigint')
      .addColumn('triage', 'text')
      .addColumn('slack_ts', 'text')
      .addColumn('updated_at_ms', 'bigint', (column) => column.notNull())
      .execute();
    await db.schema
      .createIndex('incidents_status_group')
      .on('incidents')
      .columns(['status', 'group_key'])
      .execute();
    await db.schema.createIndex('incidents_last_alert').on('incidents').column('last_alert_at_ms').execute();

    await db.schema
      .createTable('incident_alerts')
      .addColumn('id', 'text', (column) => column.primaryKey())
      .addColumn('incident_id', 'text', (column) => column.notNull())
      .addColumn('source', 'text', (column) => column.notNull())
      .addColumn('fingerprint', 'text', (column) => column.notNull())
      .addColumn('status', 'text', (column) => column.notNull())
      .addColumn('alertname', 'text')
      .addColumn('service', 'text')
      .addColumn('labels', 'text', (column) => column.notNull())
      .addColumn('annotations', 'text', (column) => column.notNull())
      .addColumn('starts_at_ms', 'bigint', (column) => column.notNull())
      .addColumn('ends_at_ms', 'bigint')
      .addColumn('occurrences', 'integer', (column) => column.notNull())
      .addColumn('received_at_ms', 'bigint', (column) => column.notNull())
      .addColumn('updated_at_ms', 'bigint', (column) => column.notNull())
      .execute();
    await db.schema
      .createIndex('incident_alerts_fingerprint')
      .on('incident_alerts')
      .columns(['source', 'fingerprint'])
      .execute();
    await db.schema
      .createIndex('incident_alerts_incident')
      .on('incident_alerts')
      .column('incident_id')
      .execute();

    await db.schema
      .createTable('incident_history')
      .addColumn('id', 'text', (column) => column.primaryKey())
      .addColumn('title', 'text', (column) => column.notNull())
      .addColumn('services', 'text', (column) => column.notNull())
      .addColumn('labels', 'text', (column) => column.notNull())
      .addColumn('summary', 'text', (column) => column.notNull())
      .addColumn('root_cause', 'text', (column) => column.notNull())
      .addColumn('actions', 'text', (column) => column.notNull())
      .addColumn('resolved', 'integer', (column) => column.notNull())
      .addColumn('minutes_to_resolve', 'real')
      .addColumn('occurred_at_ms', 'bigint')
      .addColumn('imported_at_ms', 'bigint', (column) => column.notNull())
      .execute();

    await db.schema
      .createTable('incident_proposals')
      .addColumn('id', 'text', (column) => column.primaryKey())
      .addColumn('incident_id', 'text', (column) => column.notNull())
      .addColumn('action', 'text', (column) => column.notNull())
      .addColumn('kind', 'text', (column) => column.notNull())
      .addColumn('target', 'text')
      .addColumn('rationale', 'text', (column) => column.notNull())
      .addColumn('evidence', 'text', (column) => column.notNull())
      .addColumn('origin', 'text', (column) => column.notNull())
      .addColumn('status', 'text', (column) => column.notNull())
      .addColumn('created_at_ms', 'bigint', (column) => column.notNull())
      .addUniqueConstraint('incident_proposals_once', ['incident_id', 'action'])
      .execute();
  },
};
