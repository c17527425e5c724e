import type { StoreMigration } from '../store-migration.ts';

export const migration: StoreMigration = {
  name: '0002-budgets-and-ledger',
  async up(db) {
    await db.schema
      .createTable('ledger_entries')
      .addColumn('id', 'text', (column) => column.primaryKey())
      .addColumn('at_ms', 'bigint', (column) => column.notNull())
      .addColumn('purpose', 'text', (column) => column.notNull())
      .addColumn('agent', 'text', (column) => column.notNull())
      .addColumn('run_id', 'text')
      .addColumn('repo', 'text')
      .addColumn('scopes', 'text', (column) => column.notNull())
      .addColumn('provider', 'text', (column) => column.notNull())
      .addColumn('model', 'text', (column) => column.notNull())
      .addColumn('estimated_input_tokens', 'integer', (column) => column.notNull())
      .addColumn('max_output_tokens', 'integer', (column) => column.notNull())
      .addColumn('input_tokens', 'integer')
      .addColumn('cached_input_tokens', 'integer')
      .addColumn('cache_write_tokens', 'integer')
      .addColumn('output_tokens', 'integer')
      .addColumn('estimated_cost_micros', 'bigint', (column) => column.notNull())
      .addColumn('actual_cost_micros', 'bigint', (column) => column.notNull())
      .addColumn('latency_ms', 'integer')
      .addColumn('outcome', 'text', (column) => column.notNull())
      .addColumn('detail', 'text')
      .execute();
    await db.schema.createIndex('ledger_entries_at').on('ledger_entries').column('at_ms').execute();
    await db.schema
      .createIndex('ledger_entries_agent_at')
      .on('ledger_entries')
      .columns(['agent', 'at_ms'])
      .execute();

    await db.schema
      .createTable('budget_counters')
      .addColumn('scope', 'text', (column) => column.notNull())
      .addColumn('window_key', 'text', (column) => column.notNull())
      .addColumn('spent_micros', 'bigint', (column) => column.notNull().defaultTo(0))
      .addColumn('reserved_micros', 'bigint', (column) => column.notNull().defaultTo(0))
      .addColumn('updated_at_ms', 'bigint', (column) => column.notNull())
      .addPrimaryKeyConstraint('budget_counters_pk', ['scope', 'window_key'])
      .execute();

    await db.schema
      .createTable('budget_reservations')
      .addColumn('id', 'text', (column) => column.primaryKey())
      .addColumn('created_at_ms', 'bigint', (column) => column.notNull())
      .addColumn('expires_at_ms', 'bigint', (column) => column.notNull())
      .addColumn('micros', 'bigint', (column) => column.notNull())
      .addColumn('counters', 'text', (column) => column.notNull())
      .execute();
    await db.schema
      .createIndex('budget_reservations_expiry')
      .on('budget_reservations')
      .column('expires_at_ms')
      .execute();

    await db.schema
      .createTable('budget_alerts')
      .addColumn('scope', 'text', (column) => column.notNull())
      .addColumn('window_key', 'text', (column) => column.notNull())
      .addColumn('threshold', 'text', (column) => column.notNull())
      .addColumn('fired_at_ms', 'bigint', (column) => column.notNull())
      .addColumn('spent_micros', 'bigint', (column) => column.notNull())
      .addColumn('limit_micros', 'bigint', (column) => column.notNull())
      .addPrimaryKeyConstraint('budget_alerts_pk', ['scope', 'window_key', 'threshold'])
      .execute();

    await db.schema
      .createTable('agent_pauses')
      .addColumn('agent', 'text', (column) => column.primaryKey())
      .addColumn('paused_at_ms', 'bigint', (column) => column.notNull())
      .addColumn('reason', 'text', (column) => column.notNull())
      .execute();
  },
};
