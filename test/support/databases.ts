import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import pg from 'pg';
import { type OpenStoreOptions, openStore, type Store, type StoreDialect } from '../../src/store/index.ts';

/** One database engine as a contract suite sees it. */
export interface TestDatabase {
  readonly dialect: StoreDialect;
  /** Options of a new, empty database of this dialect; it is deleted when the suite ends. */
  create(): Promise<OpenStoreOptions>;
  /** Opens (and migrates, unless told otherwise) `options`, by default a new database; closed when the suite ends. */
  open(options?: OpenStoreOptions): Promise<Store>;
}

interface Engine {
  create(): Promise<OpenStoreOptions>;
  cleanup(): Promise<void>;
}

export const testDatabaseUrlVariable = 'STEWARD_TEST_DATABASE_URL';

/**
 * Declares the suite `body` once per database: `name [sqlite]` on a fresh temporary directory and
 * `name [postgres]` on fresh databases created through the admin URL in STEWARD_TEST_DATABASE_URL.
 * Without that variable the PostgreSQL suite is skipped, or fails when CI is set.
 */
export function forEachDatabase(name: string, body: (database: TestDatabase) => void): void {
  declareSuite(`${name} [sqlite]`, 'sqlite', createSqliteEngine, body);
  const adminUrl = process.env[testDatabaseUrlVariable];
  if (adminUrl != null && adminUrl !== '') {
    declareSuite(`${name} [postgres]`, 'postgres', () => createPostgresEngine(adminUrl), body);
  } else if (isCi()) {
    describe(`${name} [postgres]`, () => {
      test('runs on PostgreSQL', () => {
        assert.fail(
          `${testDatabaseUrlVariable} is not set; CI must run the store suites on PostgreSQL (see .ci/run)`,
        );
      });
    });
  } else {
    describe(`${name} [postgres]`, {
      skip: `${testDatabaseUrlVariable} is not set (start a server with scripts/postgres.sh)`,
    }, () => {});
  }
}

function declareSuite(
  name: string,
  dialect: StoreDialect,
  createEngine: () => Engine,
  body: (database: TestDatabase) => void,
): void {
  describe(name, () => {
    const engine = createEngine();
    const stores: Store[] = [];
    after(async () => {
      await Promise.all(stores.map((store) => store.close()));
      await engine.cleanup();
    });
    body({
      dialect,
      create: () => engine.create(),
      open: async (options) => {
        const store = await openStore(options ?? (await engine.create()));
        stores.push(store);
        return store;
      },
    });
  });
}

function createSqliteEngine(): Engine {
  const directories: string[] = [];
  return {
    create: async () => {
      const dataDir = await mkdtemp(join(tmpdir(), 'steward-test-'));
      directories.push(dataDir);
      return { dataDir };
    },
    cleanup: async () => {
      await Promise.all(directories.map((directory) => rm(directory, { recursive: true, force: true })));
    },
  };
}

function createPostgresEngine(adminUrl: string): Engine {
  const names: string[] = [];
  let admin: pg.Client | undefined;
  const connectAdmin = async (): Promise<pg.Client> => {
    if (admin == null) {
      admin = new pg.Client({ connectionString: adminUrl });
      await admin.connect();
    }
    return admin;
  };
  return {
    create: async () => {
      const name = `steward_test_${randomBytes(6).toString('hex')}`;
      await (await connectAdmin()).query(`create database ${name}`);
      names.push(name);
      const url = new URL(adminUrl);
      url.pathname = `/${name}`;
      return { databaseUrl: url.toString(), databaseUrlSource: testDatabaseUrlVariable };
    },
    cleanup: async () => {
      if (admin == null) {
        return;
      }
      for (const name of names) {
        await admin.query(`drop database if exists ${name} with (force)`);
      }
      await admin.end();
    },
  };
}

function isCi(): boolean {
  const ci = process.env.CI;
  return ci != null && ci !== '' && ci !== '0' && ci.toLowerCase() !== 'false';
}
