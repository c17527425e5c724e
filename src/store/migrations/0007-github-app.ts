import type { StoreMigration } from '../store-migration.ts';

/** The job queue, webhook deliveries, what was posted to GitHub, the human review queue and feedback. */
export const migration: StoreMigration = {
  name: '0007-github-app',
  async up(db) {
    await db.schema
      .createTable('jobs')
      .addColumn('id', 'text', (column) => column.primaryKey())
      .addColumn('kind', 'text', (column) => column.notNull())
      .addColumn('payload', 'text', (column) => column.notNull())
      .addColumn('dedupe_key', 'text', (column) => column.unique())
      .addColumn('status', 'text', (column) => column.notNull())
      .addColumn('attempts', 'integer', (column) => column.notNull().defaultTo(0))
      .addColumn('max_attempts', 'integer', (column) => column.notNull())
      .addColumn('run_after_ms', 'bigint', (column) => column.notNull())
      .addColumn('locked_by', 'text')
      .addColumn('lease_until_ms', 'bigint')
      .addColumn('last_error', 'text')
      .addColumn('created_at_ms', 'bigint', (column) => column.notNull())
      .addColumn('finished_at_ms', 'bigint')
      .execute();
    await db.schema
      .createIndex('jobs_status_run_after')
      .on('jobs')
      .columns(['status', 'run_after_ms'])
      .execute();

    await db.schema
      .createTable('webhook_deliveries')
      .addColumn('delivery_id', 'text', (column) => column.primaryKey())
      .addColumn('event', 'text', (column) => column.notNull())
      .addColumn('action', 'text')
      .addColumn('received_at_ms', 'bigint', (column) => column.notNull())
      .addColumn('job_id', 'text')
      .execute();

    await db.schema
      .createTable('github_installations')
      .addColumn('id', 'bigint', (column) => column.primaryKey())
      .addColumn('account', 'text', (column) => column.notNull())
      .addColumn('status', 'text', (column) => column.notNull())
      .addColumn('updated_at_ms', 'bigint', (column) => column.notNull())
      .execute();

    await db.schema
      .createTable('github_pull_requests')
      .addColumn('repo', 'text', (column) => column.notNull())
      .addColumn('pr', 'integer', (column) => column.notNull())
      .addColumn('installation_id', 'bigint')
      .addColumn('paused', 'integer', (column) => column.notNull().defaultTo(0))
      .addColumn('summary_comment_id', 'bigint')
      .addColumn('updated_at_ms', 'bigint', (column) => column.notNull())
      .addPrimaryKeyConstraint('github_pull_requests_pk', ['repo', 'pr'])
      .execute();

    await db.schema
      .createTable('github_posted_findings')
      .addColumn('repo', 'text', (column) => column.notNull())
      .addColumn('pr', 'integer', (column) => column.notNull())
      .addColumn('fingerprint', 'text', (column) => column.notNull())
      .addColumn('finding_id', 'text', (column) => column.notNull())
      .addColumn('category', 'text', (column) => column.notNull())
      .addColumn('comment_id', 'bigint')
      .addColumn('review_id', 'bigint')
      .addColumn('posted_at_ms', 'bigint', (column) => column.notNull())
      .addPrimaryKeyConstraint('github_posted_findings_pk', ['repo', 'pr', 'fingerprint'])
      .execute();
    await db.schema
      .createIndex('github_posted_findings_comment')
      .on('github_posted_findings')
      .column('comment_id')
      .execute();

    await db.schema
      .createTable('review_queue')
      .addColumn('id', 'text', (column) => column.primaryKey())
      .addColumn('finding_id', 'text', (column) => column.notNull())
      .addColumn('fingerprint', 'text', (column) => column.notNull())
      .addColumn('repo', 'text', (column) => column.notNull())
      .addColumn('pr', 'integer', (column) => column.notNull())
      .addColumn('head', 'text', (column) => column.notNull())
      .addColumn('path', 'text', (column) => column.notNull())
      .addColumn('start_line', 'integer', (column) => column.notNull())
      .addColumn('end_line', 'integer', (column) => column.notNull())
      .addColumn('severity', 'text', (column) => column.notNull())
      .addColumn('category', 'text', (column) => column.notNull())
      .addColumn('confidence', 'real', (column) => column.notNull())
      .addColumn('title', 'text', (column) => column.notNull())
      .addColumn('explanation', 'text', (column) => column.notNull())
      .addColumn('replacement', 'text')
      .addColumn('reviewers', 'text', (column) => column.notNull())
      .addColumn('status', 'text', (column) => column.notNull())
      .addColumn('reason', 'text')
      .addColumn('decided_by', 'text')
      .addColumn('decided_at_ms', 'bigint')
      .addColumn('created_at_ms', 'bigint', (column) => column.notNull())
      .addUniqueConstraint('review_queue_finding', ['repo', 'pr', 'fingerprint'])
      .execute();
    await db.schema.createIndex('review_queue_status').on('review_queue').column('status').execute();

    await db.schema
      .createTable('finding_feedback')
      .addColumn('id', 'text', (column) => column.primaryKey())
      .addColumn('finding_id', 'text', (column) => column.notNull())
      .addColumn('repo', 'text', (column) => column.notNull())
      .addColumn('pr', 'integer', (column) => column.notNull())
      .addColumn('category', 'text', (column) => column.notNull())
      .addColumn('kind', 'text', (column) => column.notNull())
      .addColumn('actor', 'text', (column) => column.notNull())
      .addColumn('detail', 'text')
      .addColumn('at_ms', 'bigint', (column) => column.notNull())
      .addUniqueConstraint('finding_feedback_once', ['finding_id', 'kind', 'actor'])
      .execute();
    await db.schema
      .createIndex('finding_feedback_category_at')
      .on('finding_feedback')
      .columns(['category', 'at_ms'])
      .execute();
  },
};
