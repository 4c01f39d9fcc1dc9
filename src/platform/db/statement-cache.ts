// better-sqlite3 under Kysely prepares every statement again on each execution (its driver
// calls `prepare(sql)` per query), which cost a fifth of all CPU in the benchmark. Prepared
// statements are reusable, and SQLite re-prepares one by itself after a schema change, so this
// wrapper keeps them by SQL text (least recently used dropped past `max`). Safe because one
// connection runs one statement at a time and nothing in Signoff streams a query (a statement
// still iterating cannot run again; Kysely's stream() is not used).
import type { Database as SqliteConnection, Statement } from 'better-sqlite3';
import type { SqliteDatabase } from 'kysely';

export function withStatementCache(connection: SqliteConnection, max = 1000): SqliteDatabase {
  const statements = new Map<string, Statement>();
  return {
    close() {
      statements.clear();
      connection.close();
    },
    prepare(sql: string) {
      let statement = statements.get(sql);
      if (statement) {
        statements.delete(sql);
      } else {
        statement = connection.prepare(sql);
        if (statements.size >= max) statements.delete(statements.keys().next().value!);
      }
      statements.set(sql, statement);
      return statement;
    },
  };
}
