import type { StoreMigration } from '../store-migration.ts';

export const migration: StoreMigration = {
  name: '0001-initial',
  async up(db) {
    await db.schema
      .createTable('steward_meta')
      .addColumn('key', 'text', (column) => column.primaryKey())
      .addColumn('value', 'text', (column) => column.notNull())
      .execute();
  },
};
