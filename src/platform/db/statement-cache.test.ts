import SQLite from 'better-sqlite3';
import { Kysely, SqliteDialect, sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { withStatementCache } from './statement-cache.ts';

describe('SQLite statement cache', () => {
  it('prepares a statement once per SQL text and drops the least recently used past the limit', () => {
    const connection = new SQLite(':memory:');
    let prepared = 0;
    const original = connection.prepare.bind(connection);
    connection.prepare = ((text: string) => {
      prepared++;
      return original(text);
    }) as typeof connection.prepare;
    const cached = withStatementCache(connection, 2);
    const a = cached.prepare('select 1');
    expect(cached.prepare('select 1')).toBe(a);
    cached.prepare('select 2');
    cached.prepare('select 1'); // most recent again
    cached.prepare('select 3'); // evicts 'select 2'
    expect(prepared).toBe(3);
    cached.prepare('select 1');
    expect(prepared).toBe(3);
    cached.prepare('select 2');
    expect(prepared).toBe(4);
    cached.close();
  });

  it('answers correctly through Kysely across schema changes and repeated parameters', async () => {
    const db = new Kysely<{ t: { id: number; name: string; extra?: string | null } }>({
      dialect: new SqliteDialect({ database: withStatementCache(new SQLite(':memory:')) }),
    });
    await sql`create table t (id integer primary key, name text not null)`.execute(db);
    for (const [id, name] of [
      [1, 'a'],
      [2, 'b'],
    ] as const)
      await db.insertInto('t').values({ id, name }).execute();
    expect(await db.selectFrom('t').selectAll().where('id', '=', 2).execute()).toEqual([{ id: 2, name: 'b' }]);
    await sql`alter table t add column extra text`.execute(db);
    expect(await db.selectFrom('t').selectAll().where('id', '=', 1).execute()).toEqual([{ id: 1, name: 'a', extra: null }]);
    await db.destroy();
  });
});
