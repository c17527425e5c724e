import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { test } from 'node:test';
import { sql } from 'kysely';
import type { OpenStoreOptions } from '../../src/store/index.ts';
import { migrationStatus } from '../../src/store/index.ts';
import { migrations } from '../../src/store/migrations/index.ts';
import { forEachDatabase } from '../support/databases.ts';

const worker = new URL('../support/migrate-worker.ts', import.meta.url);

interface WorkerResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

function runWorker(options: OpenStoreOptions, startAt: number): Promise<WorkerResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [worker.pathname, JSON.stringify(options), String(startAt)], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
    });
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

forEachDatabase('concurrent migration', (database) => {
  test('two processes migrating one new database at once both succeed and apply each migration once', async () => {
    const options = await database.create();
    const startAt = Date.now() + 1_000;
    const results = await Promise.all([runWorker(options, startAt), runWorker(options, startAt)]);
    for (const result of results) {
      assert.equal(result.code, 0, `a worker failed: ${result.stderr}`);
    }
    const appliedByWorkers = results.flatMap((result) => JSON.parse(result.stdout) as string[]).sort();
    const allMigrations = migrations.map((migration) => migration.name);
    assert.deepEqual(appliedByWorkers, allMigrations, 'each migration is applied by exactly one process');

    const store = await database.open({ ...options, migrate: false });
    assert.deepEqual((await migrationStatus(store.db)).pending, []);
    const recorded = await sql<{ name: string }>`select name from kysely_migration`.execute(store.db);
    assert.deepEqual(recorded.rows.map((row) => row.name).sort(), allMigrations);
  });
});
