import type { StoreMigration } from '../store-migration.ts';

export const migration: StoreMigration = {
  name: '0006-outdated-findings',
  async up(db) {
    await db.schema.alterTable('review_findings').addColumn('outdated_at_ms', 'bigint').execute();
  },
};
