import SQLite from 'better-sqlite3';
import { Kysely, PostgresDialect, SqliteDialect, sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { compiledQuery } from './compiled-query.ts';
import type { Executor } from './connect.ts';

type T = { t: { id: number; name: string; org: string } };

async function sqliteDb() {
  const db = new Kysely<T>({ dialect: new SqliteDialect({ database: new SQLite(':memory:') }) });
  await sql`create table t (id integer primary key, name text not null, org text not null)`.execute(db);
  await db
    .insertInto('t')
    .values([
      { id: 1, name: 'a', org: 'x' },
      { id: 2, name: 'b', org: 'x' },
      { id: 3, name: 'c', org: 'y' },
    ])
    .execute();
  return db;
}
const asExecutor = (db: Kysely<T>) => db as unknown as Executor;

describe('compiledQuery', () => {
  it('builds a query once and answers each call with its own arguments, constants kept', async () => {
    const db = await sqliteDb();
    let builds = 0;
    const byOrg = compiledQuery((ex: Executor, org: string, limit: number) => {
      builds++;
      return (ex as unknown as Kysely<T>).selectFrom('t').select(['id', 'name']).where('org', '=', org).where('name', '!=', 'zzz').orderBy('id').limit(limit);
    });
    expect(await byOrg(asExecutor(db), 'x', 10)).toEqual([
      { id: 1, name: 'a' },
      { id: 2, name: 'b' },
    ]);
    expect(await byOrg(asExecutor(db), 'x', 1)).toEqual([{ id: 1, name: 'a' }]);
    expect(await byOrg(asExecutor(db), 'y', 10)).toEqual([{ id: 3, name: 'c' }]);
    expect(await byOrg(asExecutor(db), 'nobody', 10)).toEqual([]);
    expect(builds).toBe(1);
    await db.destroy();
  });

  it('keeps one plan per dialect: PostgreSQL gets its own SQL text', async () => {
    const db = await sqliteDb();
    const texts: string[] = [];
    const pgLike = new Kysely<T>({
      dialect: new PostgresDialect({
        pool: {
          connect: async () => ({
            query: async (text: string) => {
              texts.push(text);
              return { rows: [], command: 'SELECT' };
            },
            release() {},
          }),
          end: async () => {},
        } as never,
      }),
    });
    const byId = compiledQuery((ex: Executor, id: number) => (ex as unknown as Kysely<T>).selectFrom('t').select('name').where('id', '=', id));
    expect(await byId(asExecutor(db), 2)).toEqual([{ name: 'b' }]);
    await byId(asExecutor(pgLike), 2);
    expect(texts.at(-1)).toBe('select "name" from "t" where "id" = $1');
    expect(await byId(asExecutor(db), 3)).toEqual([{ name: 'c' }]);
    await db.destroy();
  });

  it('refuses, on the first call, an argument that does not reach the query as one bound value', async () => {
    const db = await sqliteDb();
    const transformed = compiledQuery((ex: Executor, name: string) =>
      (ex as unknown as Kysely<T>).selectFrom('t').select('id').where('name', '=', name.toUpperCase()),
    );
    await expect(transformed(asExecutor(db), 'a')).rejects.toThrow(/argument 0 does not reach the query/);
    const inText = compiledQuery((ex: Executor, column: string) => (ex as unknown as Kysely<T>).selectFrom('t').select(sql.ref(column).as('v')));
    await expect(inText(asExecutor(db), 'name')).rejects.toThrow(/argument 0 was written into the SQL text/);
    await db.destroy();
  });
});
