// The plan a database chooses for a query, as text: SQLite's EXPLAIN QUERY PLAN details, or
// PostgreSQL's EXPLAIN with sequential scans ruled out (the tests' tables are empty, and an empty
// table is scanned whatever the indexes: the question is whether an index can serve at all).
import { CompiledQuery, sql, type RawBuilder } from 'kysely';
import type { Database } from '../../src/platform/db/connect.ts';

export const queryPlan = (database: Database, query: RawBuilder<unknown>): Promise<string> => statementPlan(database, query.compile(database.db));

/** The plan of a statement Signoff ran, as Database.onStatement gave it (its SQL and values). */
export async function statementPlan(database: Database, statement: { sql: string; parameters: readonly unknown[] }): Promise<string> {
  const sqlite = database.dialect === 'sqlite';
  const explain = CompiledQuery.raw(`explain ${sqlite ? 'query plan ' : ''}${statement.sql}`, [...statement.parameters]);
  if (sqlite) return (await database.db.executeQuery<{ detail: string }>(explain)).rows.map((r) => r.detail).join('\n');
  return database.db.connection().execute(async (c) => {
    await sql`set enable_seqscan = off`.execute(c);
    const rows = (await c.executeQuery<{ 'QUERY PLAN': string }>(explain)).rows.map((r) => r['QUERY PLAN']).join('\n');
    await sql`reset enable_seqscan`.execute(c);
    return rows;
  });
}
