import type { DatabaseSync, SQLInputValue, SQLOutputValue, StatementSync } from 'node:sqlite';
import type { SqliteDatabase, SqliteStatement } from 'kysely';

/** Presents a `node:sqlite` database through the better-sqlite3 interface Kysely's SQLite dialect drives. */
export class NodeSqliteDatabase implements SqliteDatabase {
  readonly #database: DatabaseSync;

  constructor(database: DatabaseSync) {
    this.#database = database;
  }

  prepare(sql: string): SqliteStatement {
    return new NodeSqliteStatement(this.#database.prepare(sql));
  }

  close(): void {
    if (this.#database.isOpen) {
      this.#database.close();
    }
  }
}

class NodeSqliteStatement implements SqliteStatement {
  readonly reader: boolean;
  readonly #statement: StatementSync;

  constructor(statement: StatementSync) {
    this.#statement = statement;
    this.reader = statement.columns().length > 0;
  }

  all(parameters: ReadonlyArray<unknown>): unknown[] {
    return this.#statement.all(...(parameters as SQLInputValue[])).map(toPlainObject);
  }

  run(parameters: ReadonlyArray<unknown>): { changes: number | bigint; lastInsertRowid: number | bigint } {
    const { changes, lastInsertRowid } = this.#statement.run(...(parameters as SQLInputValue[]));
    return { changes, lastInsertRowid };
  }

  iterate(parameters: ReadonlyArray<unknown>): IterableIterator<unknown> {
    return plainRows(this.#statement.iterate(...(parameters as SQLInputValue[])));
  }
}

function* plainRows(rows: Iterable<Record<string, SQLOutputValue>>): IterableIterator<unknown> {
  for (const row of rows) {
    yield toPlainObject(row);
  }
}

/** node:sqlite's rows have a null prototype; PostgreSQL's (and better-sqlite3's) are plain objects. */
function toPlainObject(row: Record<string, SQLOutputValue>): Record<string, SQLOutputValue> {
  return { ...row };
}
