import assert from 'node:assert/strict';
import { test } from 'node:test';
import { assertOrdered } from '../../src/store/create-migrator.ts';
import { migrations } from '../../src/store/migrations/index.ts';

test('migration names are NNNN-kebab-case and numbered in order, without gaps', () => {
  migrations.forEach((migration, index) => {
    assert.match(migration.name, /^\d{4}-[a-z0-9]+(-[a-z0-9]+)*$/);
    assert.equal(Number(migration.name.slice(0, 4)), index + 1, `${migration.name} is number ${index + 1}`);
  });
  assertOrdered(migrations);
});

test('a list out of name order is refused', () => {
  const up = async () => {};
  assert.throws(
    () =>
      assertOrdered([
        { name: '0002-b', up },
        { name: '0001-a', up },
      ]),
    /migration 0001-a must sort after 0002-b/,
  );
});
