import { type Kysely, type RawBuilder, sql } from 'kysely';
import type { Database } from '../../store/index.ts';

/** Rows per statement: far below SQLite's and PostgreSQL's limits on parameters. */
export const rowsPerStatement = 500;

export function chunks<T>(items: readonly T[], size = rowsPerStatement): T[][] {
  const result: T[][] = [];
  for (let start = 0; start < items.length; start += size) result.push(items.slice(start, start + size));
  return result;
}

export interface BulkColumn {
  name: string;
  type: 'text' | 'bigint' | 'integer';
}

/**
 * Updates many rows of `table` by `id` in one statement per chunk, on SQLite and PostgreSQL alike:
 * `with changes (id, …) as (values …) update table set … from changes where table.id = changes.id`.
 * Numbers are cast, since PostgreSQL reads untyped parameters in `values` as text.
 */
export async function bulkUpdateById(
  db: Kysely<Database>,
  table: 'incidents' | 'incident_alerts',
  columns: readonly BulkColumn[],
  rows: readonly Record<string, string | number | null>[],
): Promise<void> {
  const all: BulkColumn[] = [{ name: 'id', type: 'text' }, ...columns];
  for (const chunk of chunks(rows)) {
    const values = chunk.map(
      (row) =>
        sql`(${sql.join(
          all.map((column): RawBuilder<unknown> => {
            const value = row[column.name] ?? null;
            return column.type === 'text' ? sql`${value}` : sql`cast(${value} as ${sql.raw(column.type)})`;
          }),
        )})`,
    );
    await sql`with changes (${sql.join(all.map((column) => sql.ref(column.name)))}) as (values ${sql.join(values)})
      update ${sql.table(table)}
      set ${sql.join(columns.map((column) => sql`${sql.ref(column.name)} = ${sql.ref(`changes.${column.name}`)}`))}
      from changes
      where ${sql.ref(`${table}.id`)} = ${sql.ref('changes.id')}`.execute(db);
  }
}
