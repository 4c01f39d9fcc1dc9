import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql, type Kysely } from 'kysely';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { compiledQuery, compiledStatement } from './compiled-query.ts';
import { connectDatabase, type Database, type Executor } from './connect.ts';

type T = { t: { id: number; name: string } };
const k = (ex: Executor) => ex as unknown as Kysely<T>;
const names = compiledQuery((ex: Executor) => k(ex).selectFrom('t').select('name').orderBy('id'));
const insert = compiledStatement((ex: Executor, id: number, name: string) => k(ex).insertInto('t').values({ id, name }));

const opened: Database[] = [];
const dirs: string[] = [];
async function database(): Promise<Database> {
  const dir = mkdtempSync(join(tmpdir(), 'signoff-direct-'));
  dirs.push(dir);
  const d = connectDatabase({ dialect: 'sqlite', file: join(dir, 'x.db') });
  opened.push(d);
  await sql`create table t (id integer primary key, name text not null)`.execute(d.db);
  return d;
}
afterEach(async () => {
  for (const d of opened.splice(0)) await d.close();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

const deferred = () => {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
};

describe('compiled statements on the SQLite connection itself', () => {
  it('run without Kysely when no transaction is open, and the statement listeners still see each one once', async () => {
    const d = await database();
    const seen: string[] = [];
    d.onStatement((text) => seen.push(text));
    const viaKysely = vi.spyOn(d.db, 'executeQuery');
    await insert(d.db, 1, 'a');
    expect(await names(d.db)).toEqual([{ name: 'a' }]);
    expect(viaKysely).not.toHaveBeenCalled();
    // The write outside any transaction is a commit group of its own (group-commit.ts).
    expect(seen).toEqual(['begin immediate', 'insert into "t" ("id", "name") values (?, ?)', 'commit', 'select "name" from "t" order by "id"']);
  });

  it('wait, while another transaction is open, until it ends: they neither join it nor read what it has not committed', async () => {
    const d = await database();
    await insert(d.db, 1, 'committed');
    const inside = deferred();
    const release = deferred();
    const tx = d.db.transaction().execute(async (t) => {
      await insert(t, 2, 'uncommitted');
      inside.resolve();
      await release.promise;
    });
    await inside.promise;
    let read: { name: string }[] | undefined;
    const reading = names(d.db).then((r) => (read = r));
    const writing = insert(d.db, 3, 'after');
    for (let i = 0; i < 20; i++) await new Promise((r) => setImmediate(r));
    expect(read).toBeUndefined();
    release.resolve();
    await tx;
    await Promise.all([reading, writing]);
    expect(read).toEqual([{ name: 'committed' }, { name: 'uncommitted' }]);
    expect(await names(d.db)).toEqual([{ name: 'committed' }, { name: 'uncommitted' }, { name: 'after' }]);
  });

  it('inside one of our transactions run on its connection without Kysely, and a rollback takes them back', async () => {
    const d = await database();
    const viaKysely = vi.spyOn(d.db, 'executeQuery');
    await expect(
      d.db.transaction().execute(async (t) => {
        const inTx = vi.spyOn(t, 'executeQuery');
        await insert(t, 1, 'gone');
        expect(await names(t)).toEqual([{ name: 'gone' }]);
        expect(inTx).not.toHaveBeenCalled();
        throw new Error('roll back');
      }),
    ).rejects.toThrow('roll back');
    expect(await names(d.db)).toEqual([]);
    expect(viaKysely).not.toHaveBeenCalled();
  });

  it('answer a statement SQLite refuses at once as a rejected promise, never a throw at the call', async () => {
    // better-sqlite3 throws inside the call; a caller that holds the promise (Promise.all, a
    // .catch) must see a rejection, as it would from an async function.
    const d = await database();
    await d.db.transaction().execute(async (t) => {
      await insert(t, 1, 'first');
      const again = insert(t, 1, 'again');
      await expect(again).rejects.toThrow(/UNIQUE constraint failed/);
      const read = compiledQuery((ex: Executor) =>
        k(ex)
          .selectFrom('t')
          .select('nope' as 'name'),
      );
      await expect(read(t)).rejects.toThrow(/no such column/);
    });
  });
});
