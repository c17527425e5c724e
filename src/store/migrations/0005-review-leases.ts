import type { StoreMigration } from '../store-migration.ts';

export const migration: StoreMigration = {
  name: '0005-review-leases',
  async up(db) {
    await db.schema
      .createTable('review_leases')
      .addColumn('repo', 'text', (column) => column.notNull())
      .addColumn('pr', 'integer', (column) => column.notNull())
      .addColumn('head', 'text', (column) => column.notNull())
      .addColumn('run_id', 'text', (column) => column.notNull())
      .addColumn('expires_at_ms', 'bigint', (column) => column.notNull())
      .addPrimaryKeyConstraint('review_leases_pk', ['repo', 'pr'])
      .execute();
    await db.schema
      .createIndex('review_runs_repo_pr_head')
      .on('review_runs')
      .columns(['repo', 'pr', 'head'])
      .execute();
  },
};
