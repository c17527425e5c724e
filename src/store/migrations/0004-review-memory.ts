import type { StoreMigration } from '../store-migration.ts';

export const migration: StoreMigration = {
  name: '0004-review-memory',
  async up(db) {
    await db.schema
      .createTable('review_pr_hunks')
      .addColumn('repo', 'text', (column) => column.notNull())
      .addColumn('pr', 'integer', (column) => column.notNull())
      .addColumn('hunk_key', 'text', (column) => column.notNull())
      .addColumn('run_id', 'text', (column) => column.notNull())
      .addColumn('reviewed_at_ms', 'bigint', (column) => column.notNull())
      .addPrimaryKeyConstraint('review_pr_hunks_pk', ['repo', 'pr', 'hunk_key'])
      .execute();

    await db.schema
      .createTable('review_hunk_cache')
      .addColumn('cache_key', 'text', (column) => column.primaryKey())
      .addColumn('findings', 'text', (column) => column.notNull())
      .addColumn('created_at_ms', 'bigint', (column) => column.notNull())
      .addColumn('last_used_at_ms', 'bigint', (column) => column.notNull())
      .execute();
    await db.schema
      .createIndex('review_hunk_cache_used')
      .on('review_hunk_cache')
      .column('last_used_at_ms')
      .execute();

    await db.schema.alterTable('review_findings').addColumn('hunk_key', 'text').execute();
  },
};
