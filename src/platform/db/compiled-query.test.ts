import SQLite from 'better-sqlite3';
import { Kysely, PostgresDialect, SqliteDialect, sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { compiledQuery, compiledStatement } from './compiled-query.ts';
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

  it('binds rows and lists: one plan per shape (properties, length), a property left undefined left out, affected rows answered', async () => {
    const db = await sqliteDb();
    let builds = 0;
    const insert = compiledStatement((ex: Executor, rows: readonly { id: number; name: string; org?: string | undefined }[]) => {
      builds++;
      return (ex as unknown as Kysely<T>).insertInto('t').values(rows.map((r) => ({ ...r, org: r.org ?? 'default' })));
    });
    expect(Number((await insert(asExecutor(db), [{ id: 10, name: 'j', org: 'z' }])).numAffectedRows)).toBe(1);
    await insert(asExecutor(db), [{ id: 11, name: 'k', org: 'z' }]);
    expect(builds).toBe(1);
    await insert(asExecutor(db), [{ id: 12, name: 'l', org: undefined }]);
    expect(builds).toBe(2);
    await insert(asExecutor(db), [
      { id: 13, name: 'm', org: 'z' },
      { id: 14, name: 'n', org: 'z' },
    ]);
    expect(builds).toBe(3);
    const rename = compiledStatement((ex: Executor, ids: readonly number[], set: { name: string }) =>
      (ex as unknown as Kysely<T>).updateTable('t').set(set).where('id', 'in', ids),
    );
    expect(Number((await rename(asExecutor(db), [10, 12, 99], { name: 'renamed' })).numAffectedRows)).toBe(2);
    expect(Number((await rename(asExecutor(db), [11], { name: 'once' })).numAffectedRows)).toBe(1);
    const byIds = compiledQuery((ex: Executor, ids: readonly number[]) =>
      (ex as unknown as Kysely<T>).selectFrom('t').select(['id', 'name', 'org']).where('id', 'in', ids).orderBy('id'),
    );
    expect(await byIds(asExecutor(db), [10, 11, 12, 13, 14])).toEqual([
      { id: 10, name: 'renamed', org: 'z' },
      { id: 11, name: 'once', org: 'z' },
      { id: 12, name: 'renamed', org: 'default' },
      { id: 13, name: 'm', org: 'z' },
      { id: 14, name: 'n', org: 'z' },
    ]);
    await db.destroy();
  });

  it('answers right past its bound of shapes (built each time then) and refuses a value that is no scalar', async () => {
    const db = await sqliteDb();
    const byIds = compiledQuery((ex: Executor, ids: readonly number[]) =>
      (ex as unknown as Kysely<T>).selectFrom('t').select('id').where('id', 'in', ids).orderBy('id'),
    );
    for (let n = 1; n <= 40; n++) {
      const ids = Array.from({ length: n }, (_, i) => i + 1);
      expect((await byIds(asExecutor(db), ids)).map((r) => r.id)).toEqual([1, 2, 3].slice(0, n));
    }
    const byName = compiledQuery((ex: Executor, row: { name: string }) =>
      (ex as unknown as Kysely<T>).selectFrom('t').select('id').where('name', '=', row.name),
    );
    await expect(byName(asExecutor(db), { name: { toString: () => 'a' } as unknown as string })).rejects.toThrow(/argument 0.name is not a scalar/);
    await db.destroy();
  });

  it('builds a null as itself (a shape of its own): a builder that writes `is null` for one still does', async () => {
    const db = await sqliteDb();
    await (db as Kysely<{ u: { id: number; note: string | null } }>).schema.createTable('u').addColumn('id', 'integer').addColumn('note', 'text').execute();
    await sql`insert into u (id, note) values (1, null), (2, 'x')`.execute(db);
    let builds = 0;
    const withNote = compiledQuery((ex: Executor, note: string | null) => {
      builds++;
      const u = ex as unknown as Kysely<{ u: { id: number; note: string | null } }>;
      return u
        .selectFrom('u')
        .select('id')
        .where('note', note === null ? 'is' : '=', note);
    });
    for (const round of [0, 1]) {
      expect(await withNote(asExecutor(db), null), `round ${round}`).toEqual([{ id: 1 }]);
      expect(await withNote(asExecutor(db), 'x')).toEqual([{ id: 2 }]);
      expect(await withNote(asExecutor(db), 'y')).toEqual([]);
    }
    expect(builds).toBe(2);
    await db.destroy();
  });
});
