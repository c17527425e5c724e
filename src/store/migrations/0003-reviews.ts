import type { StoreMigration } from '../store-migration.ts';

export const migration: StoreMigration = {
  name: '0003-reviews',
  async up(db) {
    await db.schema
      .createTable('review_runs')
      .addColumn('id', 'text', (column) => column.primaryKey())
      .addColumn('created_at_ms', 'bigint', (column) => column.notNull())
      .addColumn('finished_at_ms', 'bigint')
      .addColumn('source_kind', 'text', (column) => column.notNull())
      .addColumn('repo', 'text')
      .addColumn('pr', 'integer')
      .addColumn('base', 'text', (column) => column.notNull())
      .addColumn('head', 'text', (column) => column.notNull())
      .addColumn('status', 'text', (column) => column.notNull())
      .addColumn('plan_only', 'integer', (column) => column.notNull())
      .addColumn('budget_micros', 'bigint', (column) => column.notNull())
      .addColumn('estimated_cost_micros', 'bigint', (column) => column.notNull())
      .addColumn('spent_micros', 'bigint', (column) => column.notNull())
      .addColumn('plan', 'text', (column) => column.notNull())
      .addColumn('summary', 'text', (column) => column.notNull())
      .execute();
    await db.schema.createIndex('review_runs_repo_pr').on('review_runs').columns(['repo', 'pr']).execute();

    await db.schema
      .createTable('review_findings')
      .addColumn('id', 'text', (column) => column.primaryKey())
      .addColumn('run_id', 'text', (column) => column.notNull().references('review_runs.id'))
      .addColumn('path', 'text', (column) => column.notNull())
      .addColumn('start_line', 'integer', (column) => column.notNull())
      .addColumn('end_line', 'integer', (column) => column.notNull())
      .addColumn('severity', 'text', (column) => column.notNull())
      .addColumn('category', 'text', (column) => column.notNull())
      .addColumn('confidence', 'double precision', (column) => column.notNull())
      .addColumn('title', 'text', (column) => column.notNull())
      .addColumn('explanation', 'text', (column) => column.notNull())
      .addColumn('replacement', 'text')
      .addColumn('found_by', 'text', (column) => column.notNull())
      .addColumn('route', 'text', (column) => column.notNull())
      .execute();
    await db.schema.createIndex('review_findings_run').on('review_findings').column('run_id').execute();
  },
};
