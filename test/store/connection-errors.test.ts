import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { StoreError } from '../../src/errors/index.ts';
import { openStore } from '../../src/store/index.ts';
import { testDatabaseUrlVariable } from '../support/databases.ts';

const password = 'hunter2-not-to-be-shown';

async function openError(options: Parameters<typeof openStore>[0]): Promise<StoreError> {
  const error = await openStore(options).then(
    () => assert.fail('openStore succeeded'),
    (caught: unknown) => caught,
  );
  assert.ok(error instanceof StoreError, `expected a StoreError, got ${String(error)}`);
  for (const text of [error.message, error.hint ?? '', error.stack ?? '', String(error.cause ?? '')]) {
    assert.ok(!text.includes(password), `the password leaked: ${text}`);
  }
  return error;
}

/** A port on which nothing listens. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise((resolve) => server.close(resolve));
  assert.ok(address != null && typeof address === 'object');
  return address.port;
}

const directories: string[] = [];
after(() => Promise.all(directories.map((directory) => rm(directory, { recursive: true, force: true }))));

async function temporaryDirectory(): Promise<string> {
  const directory = await mkdtemp(join(tmpdir(), 'steward-test-'));
  directories.push(directory);
  return directory;
}

test('an unparsable DATABASE_URL is refused without repeating it', async () => {
  const error = await openError({ databaseUrl: `postgres//steward:${password}@db` });
  assert.equal(error.message, 'DATABASE_URL is not a valid URL');
  assert.match(error.hint ?? '', /postgres:\/\/USER:PASSWORD@HOST:PORT\/DATABASE/);
});

test('a URL of another database is refused', async () => {
  const error = await openError({ databaseUrl: `mysql://steward:${password}@db/steward` });
  assert.match(error.message, /DATABASE_URL must be a postgres:\/\/ URL, not mysql:\/\//);
});

test('an unreachable server names host, port, variable and what to check', async () => {
  const port = await closedPort();
  const error = await openError({ databaseUrl: `postgres://steward:${password}@127.0.0.1:${port}/steward` });
  assert.equal(
    error.message,
    `cannot connect to PostgreSQL at 127.0.0.1:${port}/steward (DATABASE_URL): ECONNREFUSED — is the server running and listening there?`,
  );
  assert.match(error.hint ?? '', /fix DATABASE_URL, or unset it to use the embedded SQLite database/);
});

test('the variable the URL came from is the one named', async () => {
  const port = await closedPort();
  const error = await openError({
    databaseUrl: `postgres://steward:${password}@127.0.0.1:${port}/steward`,
    databaseUrlSource: 'database.url in .steward.yml',
  });
  assert.match(error.message, /\(database\.url in \.steward\.yml\)/);
});

const adminUrl = process.env[testDatabaseUrlVariable];
test('a database that does not exist is named, with the fix', {
  skip: adminUrl == null || adminUrl === '' ? `${testDatabaseUrlVariable} is not set` : false,
}, async () => {
  const url = new URL(adminUrl ?? '');
  url.password = password;
  url.pathname = '/steward_missing_database';
  const error = await openError({ databaseUrl: url.toString() });
  assert.match(
    error.message,
    /^cannot connect to PostgreSQL at .+\/steward_missing_database \(DATABASE_URL\): /,
  );
  assert.match(error.message, /does not exist — create the database \(createdb\) or fix its name$/);
});

test('a data directory that cannot be created says which variable to set', async () => {
  const file = join(await temporaryDirectory(), 'a-file');
  await writeFile(file, '');
  const error = await openError({ dataDir: join(file, 'steward') });
  assert.match(error.message, /^cannot open the SQLite database .*a-file\/steward\/steward\.db: /);
  assert.match(error.hint ?? '', /STEWARD_DATA_DIR/);
});

test('a file that is not a database is reported, not overwritten', async () => {
  const dataDir = await temporaryDirectory();
  await writeFile(join(dataDir, 'steward.db'), 'not a database, but somebody’s notes\n'.repeat(200));
  const error = await openError({ dataDir });
  assert.match(error.message, /^cannot use the SQLite database .*steward\.db: file is not a database/);
});
