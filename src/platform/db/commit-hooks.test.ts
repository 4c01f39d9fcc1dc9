import SQLite from 'better-sqlite3';
import { Kysely, SqliteDialect, sql, type Transaction } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { HookedKysely, commitHook, type CommitHook } from './commit-hooks.ts';

type T = { t: { v: string } };
const KEY = Symbol('test hook');

/** A hook that inserts the values it was given, in its before-commit step. */
class Deferred implements CommitHook {
  readonly values: string[] = [];
  ran = 0;
  async beforeCommit(tx: Transaction<any>) {
    this.ran++;
    for (const v of this.values) await (tx as Transaction<T>).insertInto('t').values({ v }).execute();
  }
}
const defer = (tx: Transaction<T>, v: string) => commitHook(tx, KEY, () => new Deferred()).values.push(v);

describe('before-commit hooks', () => {
  let db: Kysely<T>;
  const rows = async () => (await db.selectFrom('t').select('v').execute()).map((r) => r.v);
  beforeEach(async () => {
    db = new HookedKysely<T>({ dialect: new SqliteDialect({ database: new SQLite(':memory:') }) });
    await sql`create table t (v text not null unique)`.execute(db);
  });
  afterEach(() => db.destroy());

  it('runs once, after the callback and inside the transaction, so what it writes commits with the callback', async () => {
    let hook: Deferred | undefined;
    const result = await db.transaction().execute(async (tx) => {
      defer(tx, 'b');
      await tx.insertInto('t').values({ v: 'a' }).execute();
      hook = commitHook(tx, KEY, () => new Deferred());
      hook.values.push('c');
      expect(hook.ran).toBe(0);
      return 'answer';
    });
    expect(result).toBe('answer');
    expect(hook!.ran).toBe(1);
    expect(await rows()).toEqual(['a', 'b', 'c']);
  });

  it('keeps nothing of a failed callback, a failed hook or a refused COMMIT, and commits the next transaction', async () => {
    const attempt = (work: (tx: Transaction<T>) => Promise<void>) => db.transaction().execute(work);
    await expect(attempt(async () => Promise.reject(new Error('work failed')))).rejects.toThrow('work failed');
    await expect(
      attempt(async (tx) => {
        defer(tx, 'dup');
        defer(tx, 'dup');
      }),
    ).rejects.toThrow(/UNIQUE/);
    // A deferred foreign key is checked by COMMIT itself, which then fails and rolls back.
    await sql`pragma foreign_keys = on`.execute(db);
    await sql`create table child (parent text references t (v) deferrable initially deferred)`.execute(db);
    await expect(
      attempt(async (tx) => {
        await sql`insert into child (parent) values ('nobody')`.execute(tx);
      }),
    ).rejects.toThrow(/FOREIGN KEY/);
    expect(await rows()).toEqual([]);

    await attempt(async (tx) => {
      defer(tx, 'kept');
    });
    expect(await rows()).toEqual(['kept']);
  });

  it('rolls the whole transaction back when the hook fails, and runs no hook when the callback fails', async () => {
    await expect(
      db.transaction().execute(async (tx) => {
        await tx.insertInto('t').values({ v: 'a' }).execute();
        defer(tx, 'dup');
        defer(tx, 'dup');
      }),
    ).rejects.toThrow(/UNIQUE/);
    expect(await rows()).toEqual([]);

    let hook: Deferred | undefined;
    await expect(
      db.transaction().execute(async (tx) => {
        hook = commitHook(tx, KEY, () => new Deferred());
        throw new Error('work failed');
      }),
    ).rejects.toThrow('work failed');
    expect(hook!.ran).toBe(0);
  });

  it('runs hooks for transactions built with an access mode too', async () => {
    await db
      .transaction()
      .setAccessMode('read write')
      .execute(async (tx) => {
        defer(tx, 'x');
      });
    expect(await rows()).toEqual(['x']);
  });

  it('refuses to take work from a transaction that will not run it: a bare Kysely, an ended transaction, a hook already running', async () => {
    const bare = new Kysely<T>({ dialect: new SqliteDialect({ database: new SQLite(':memory:') }) });
    await expect(
      bare.transaction().execute(async (tx) => {
        defer(tx, 'lost');
      }),
    ).rejects.toThrow(/runs no before-commit hooks/);
    await bare.destroy();

    let leaked: Transaction<T> | undefined;
    await db.transaction().execute(async (tx) => {
      leaked = tx;
    });
    expect(() => defer(leaked!, 'late')).toThrow(/runs no before-commit hooks/);

    const registersLate: CommitHook = {
      beforeCommit: async (tx) => {
        defer(tx as Transaction<T>, 'too late');
      },
    };
    await expect(
      db.transaction().execute(async (tx) => {
        commitHook(tx, Symbol('late'), () => registersLate);
      }),
    ).rejects.toThrow(/before-commit step has already run/);
    expect(await rows()).toEqual([]);
  });
});
