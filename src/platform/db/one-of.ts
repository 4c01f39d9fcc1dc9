// `column in (…)` for a list the data decides the length of (every user a search text names):
// Kysely binds one value per item, and a statement binds at most 32,766 values on SQLite and
// 65,535 on PostgreSQL, so a long enough list failed the request. Bound as one value instead,
// any length runs, and every length is one SQL text (prepared once, not once per length).
import { sql, SqliteAdapter, type RawBuilder } from 'kysely';
import type { Executor } from './connect.ts';

/** Whether `column` (a column name, `table.column` allowed) holds one of `values`, bound as a single value. */
export function oneOf(db: Executor, column: string, values: readonly string[]): RawBuilder<boolean> {
  if (db.getExecutor().adapter instanceof SqliteAdapter) return sql<boolean>`${sql.ref(column)} in (select value from json_each(${JSON.stringify(values)}))`;
  return sql<boolean>`${sql.ref(column)} = any(cast(${values} as text[]))`;
}
