import assert from 'node:assert/strict';
import { basename } from 'node:path';
import { test } from 'node:test';
import { sql } from 'kysely';
import { StoreError } from '../../src/errors/index.ts';
import { migrateToLatest, migrationStatus, type StoreMigration } from '../../src/store/index.ts';
import { migrations } from '../../src/store/migrations/index.ts';
import { forEachDatabase } from '../support/databases.ts';

const allMigrations = migrations.map((migration) => migration.name);

forEachDatabase('store', (database) => {
  test('opens a new database and applies every migration', async () => {
    const store = await database.open();
    assert.equal(store.dialect, database.dialect);
    assert.deepEqual(await migrationStatus(store.db), { applied: allMigrations, pending: [], unknown: [] });
    await store.db.insertInto('steward_meta').values({ key: 'greeting', value: 'hello' }).execute();
    const row = await store.db.selectFrom('steward_meta').selectAll().executeTakeFirstOrThrow();
    assert.deepEqual(row, { key: 'greeting', value: 'hello' });
  });

  test('without migrate, reports every migration pending and applies them on request', async () => {
    const store = await database.open({ ...(await database.create()), migrate: false });
    assert.deepEqual(await migrationStatus(store.db), { applied: [], pending: allMigrations, unknown: [] });
    assert.deepEqual(await migrateToLatest(store.db), allMigrations);
    assert.deepEqual(await migrationStatus(store.db), { applied: allMigrations, pending: [], unknown: [] });
  });

  test('reopening applies no migration again', async () => {
    const options = await database.create();
    await (await database.open(options)).close();
    const store = await database.open(options);
    assert.deepEqual(await migrateToLatest(store.db), []);
    const recorded = await sql<{ name: string }>`select name from kysely_migration`.execute(store.db);
    assert.deepEqual(recorded.rows.map((row) => row.name).sort(), allMigrations);
  });

  test('data survives closing and reopening', async () => {
    const options = await database.create();
    const first = await database.open(options);
    await first.db.insertInto('steward_meta').values({ key: 'installation', value: 'abc' }).execute();
    await first.close();
    const second = await database.open(options);
    const row = await second.db
      .selectFrom('steward_meta')
      .select('value')
      .where('key', '=', 'installation')
      .executeTakeFirst();
    assert.equal(row?.value, 'abc');
  });

  test('a transaction that throws leaves nothing behind', async () => {
    const store = await database.open();
    await store.db.insertInto('steward_meta').values({ key: 'kept', value: '1' }).execute();
    await assert.rejects(
      store.db.transaction().execute(async (transaction) => {
        await transaction.insertInto('steward_meta').values({ key: 'discarded', value: '2' }).execute();
        await transaction
          .updateTable('steward_meta')
          .set({ value: 'changed' })
          .where('key', '=', 'kept')
          .execute();
        throw new Error('abandoned');
      }),
      /abandoned/,
    );
    const rows = await store.db.selectFrom('steward_meta').selectAll().execute();
    assert.deepEqual(rows, [{ key: 'kept', value: '1' }]);
  });

  test('reads bigint columns, their sums and counts as numbers', async () => {
    const store = await database.open();
    await sql`create table amounts (micro_usd bigint not null)`.execute(store.db);
    await sql`insert into amounts (micro_usd) values (${4_600_000_000_000}), (${25_000_000})`.execute(
      store.db,
    );
    const result = await sql<{ total: unknown; count: unknown; largest: unknown }>`
      select sum(micro_usd) as total, count(*) as count, max(micro_usd) as largest from amounts`.execute(
      store.db,
    );
    assert.deepEqual(result.rows, [{ total: 4_600_025_000_000, count: 2, largest: 4_600_000_000_000 }]);
  });

  test('a failing migration is named and rolled back', async () => {
    const store = await database.open();
    const broken: StoreMigration = {
      name: '9999-broken',
      async up(db) {
        await db.schema.createTable('half_done').addColumn('id', 'integer').execute();
        throw new Error('disk on fire');
      },
    };
    const error = await migrateToLatest(store.db, [...migrations, broken]).catch((caught: unknown) => caught);
    assert.ok(error instanceof StoreError);
    assert.equal(error.message, `migration 9999-broken failed on ${store.location}: disk on fire`);
    const tables = await store.db.introspection.getTables();
    assert.ok(
      !tables.some((table) => table.name === 'half_done'),
      'the broken migration left a table behind',
    );
    assert.deepEqual((await migrationStatus(store.db, [...migrations, broken])).pending, ['9999-broken']);
  });

  test('refuses a database migrated by a newer version', async () => {
    const store = await database.open();
    const future = { name: '9999-future', up: async () => {} };
    await migrateToLatest(store.db, [...migrations, future]);
    assert.deepEqual((await migrationStatus(store.db)).unknown, ['9999-future']);
    await assert.rejects(migrateToLatest(store.db), (error: unknown) => {
      assert.ok(error instanceof StoreError);
      assert.match(error.message, /migrated by a newer Steward \(unknown migrations: 9999-future\)/);
      assert.match(error.hint ?? '', /upgrade Steward/);
      return true;
    });
  });

  test('says where the database is', async () => {
    const options = await database.create();
    const store = await database.open(options);
    if (database.dialect === 'sqlite') {
      assert.equal(basename(store.location), 'steward.db');
      assert.ok(store.location.startsWith(options.dataDir ?? '?'));
    } else {
      const url = new URL(store.location);
      assert.equal(url.password, '');
      assert.equal(url.pathname, new URL(options.databaseUrl ?? '').pathname);
    }
  });
});
