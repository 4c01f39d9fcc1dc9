// On PostgreSQL every parameterised statement runs as a named prepared statement (parsed and
// planned once per connection), with the same rows as an unnamed run; queries without
// parameters and past the per-connection bound still run, unnamed.
import pg from 'pg';
import { Kysely, PostgresDialect, sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS, freshDatabase, type TestDatabase } from '../../../test/support/dialects.ts';
import { loadConfig } from '../config.ts';
import { statementName, withNamedStatements } from './named-statements.ts';

const onPostgres = DIALECTS.includes('postgres') ? describe : describe.skip;

onPostgres('postgres: named prepared statements', () => {
  let tdb: TestDatabase;
  let pool: pg.Pool;
  let named: Kysely<any>;
  let plain: Kysely<any>;
  beforeAll(async () => {
    tdb = await freshDatabase('postgres');
    const url = (loadConfig(tdb.env).database as { url: string }).url;
    // One connection each, so the prepared statements a test sees are the ones its queries made.
    pool = new pg.Pool({ connectionString: url, max: 1 });
    named = new Kysely({ dialect: new PostgresDialect({ pool: withNamedStatements(pool, { maxPerConnection: 3 }) }) });
    plain = new Kysely({ dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: url, max: 1 }) }) });
    await sql`create table t (id integer primary key, name text not null); insert into t select g, 'row ' || g from generate_series(1, 50) g`.execute(named);
  });
  afterAll(async () => {
    await named?.destroy();
    await plain?.destroy();
    await tdb?.drop();
  });

  const prepared = async () => (await sql<{ name: string; statement: string }>`select name, statement from pg_prepared_statements`.execute(named)).rows;
  const page = (db: Kysely<any>, from: number) => db.selectFrom('t').select(['id', 'name']).where('id', '>', from).orderBy('id').limit(5).execute();

  it('prepares a parameterised statement once under a name derived from its SQL, and answers as an unnamed run does', async () => {
    await page(named, 0);
    await page(named, 10);
    const text = named.selectFrom('t').select(['id', 'name']).where('id', '>', 0).orderBy('id').limit(5).compile().sql;
    const ours = (await prepared()).filter((p) => p.name === statementName(text));
    expect(ours).toHaveLength(1);
    expect(ours[0]!.statement).toBe(text);
    for (const from of [0, 10, 47]) expect(await page(named, from)).toEqual(await page(plain, from));
  });

  it('runs queries without parameters unnamed and keeps transactions working', async () => {
    const before = (await prepared()).length;
    await named.transaction().execute(async (tx) => {
      await tx.updateTable('t').set({ name: 'renamed' }).where('id', '=', 1).execute();
      expect((await tx.selectFrom('t').select('name').where('id', '=', 1).executeTakeFirstOrThrow()).name).toBe('renamed');
    });
    const after = await prepared();
    expect(after.some((p) => /^(begin|commit)/i.test(p.statement))).toBe(false);
    expect(after.length).toBe(before + 2);
  });

  it('runs new statements unnamed once a connection holds its bound, with the same answers', async () => {
    for (let n = 1; n <= 6; n++) {
      const rows = await named
        .selectFrom('t')
        .select('id')
        .where(
          'id',
          'in',
          Array.from({ length: n }, (_, i) => i + 1),
        )
        .orderBy('id')
        .execute();
      expect(rows.map((r) => r.id)).toEqual(Array.from({ length: n }, (_, i) => i + 1));
    }
    expect((await prepared()).length).toBe(3);
  });
});
