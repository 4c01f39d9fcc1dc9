import { mkdtempSync, readdirSync, readlinkSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import SQLite from 'better-sqlite3';
import { sql, type Kysely } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { compiledStatement } from './compiled-query.ts';
import { connectDatabase, type Database, type Executor } from './connect.ts';
import { GroupCommitDriver, sharedCommit, transactionsHeldAcrossTurns } from './group-commit.ts';

type T = { t: { id: number; name: string }; child: { parent: number } };
const k = (ex: Executor) => ex as unknown as Kysely<T>;
const insert = compiledStatement((ex: Executor, id: number, name: string) => k(ex).insertInto('t').values({ id, name }));

const cleanUp: (() => unknown)[] = [];
afterEach(async () => {
  for (const f of cleanUp.splice(0).reverse()) await f();
});

/** A database from connectDatabase with its statements recorded, and a second connection that sees only what was committed. */
async function database(opts: { busyTimeoutMs?: number } = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'signoff-group-'));
  const file = join(dir, 'x.db');
  cleanUp.push(() => rmSync(dir, { recursive: true, force: true }));
  const d: Database = connectDatabase({ dialect: 'sqlite', file }, opts);
  cleanUp.push(() => d.close());
  await sql`create table t (id integer primary key, name text not null)`.execute(d.db);
  const seen: string[] = [];
  d.onStatement((text) => seen.push(text));
  const other = new SQLite(file, { readonly: true });
  cleanUp.push(() => other.close());
  const committed = () => (other.prepare('select name from t order by id').all() as { name: string }[]).map((r) => r.name);
  return { d, file, db: k(d.db), seen, committed, commits: () => seen.filter((text) => text === 'commit').length };
}

const turn = () => new Promise((resolve) => setImmediate(resolve));

describe('group commit on SQLite', () => {
  it('lets transactions that run in one turn share one COMMIT, and resolves each only once it is committed', async () => {
    const { db, committed, commits } = await database();
    const seenAtResolve: string[][] = [];
    await Promise.all(
      ['a', 'b', 'c', 'd', 'e'].map((name, i) =>
        db
          .transaction()
          .execute(async (tx) => {
            await tx.insertInto('t').values({ id: i, name }).execute();
            await turn(); // the others wait for the connection meanwhile
          })
          .then(() => seenAtResolve.push(committed())),
      ),
    );
    expect(commits()).toBe(1);
    // Each resolved with every member durable, seen from another connection.
    expect(seenAtResolve).toEqual(Array.from({ length: 5 }, () => ['a', 'b', 'c', 'd', 'e']));
  });

  it('rolls a failed member back alone: the members before and after it commit', async () => {
    const { db, committed, commits } = await database();
    const attempt = (id: number, name: string, fail = false) =>
      db.transaction().execute(async (tx) => {
        await tx.insertInto('t').values({ id, name }).execute();
        await turn();
        if (fail) throw new Error(`${name} failed`);
      });
    const results = await Promise.allSettled([attempt(1, 'a'), attempt(2, 'b', true), attempt(3, 'c')]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect((results[1] as PromiseRejectedResult).reason.message).toBe('b failed');
    expect(committed()).toEqual(['a', 'c']);
    expect(commits()).toBe(1);
  });

  it('fails every member when the COMMIT is refused, keeps none of their work, and commits the next transaction as usual', async () => {
    const { d, db, committed } = await database();
    // A deferred foreign key is checked by COMMIT itself.
    await sql`create table child (parent integer references t (id) deferrable initially deferred)`.execute(d.db);
    const orphan = db.transaction().execute(async (tx) => {
      await tx.insertInto('child').values({ parent: 404 }).execute();
      await turn();
    });
    const innocent = db.transaction().execute(async (tx) => {
      await tx.insertInto('t').values({ id: 1, name: 'innocent' }).execute();
    });
    const results = await Promise.allSettled([orphan, innocent]);
    for (const r of results) expect((r as PromiseRejectedResult).reason?.message).toMatch(/FOREIGN KEY/);
    expect(committed()).toEqual([]);
    expect(await db.selectFrom('child').selectAll().execute()).toEqual([]);

    await db.transaction().execute((tx) => tx.insertInto('t').values({ id: 2, name: 'later' }).execute());
    expect(committed()).toEqual(['later']);
  });

  it('makes writes outside any transaction members of one statement: they share the COMMIT and resolve once committed', async () => {
    const { d, seen, committed } = await database();
    const seenAtResolve: string[][] = [];
    await Promise.all([insert(d.db, 1, 'a'), insert(d.db, 2, 'b')].map((p) => Promise.resolve(p).then(() => seenAtResolve.push(committed()))));
    expect(seenAtResolve).toEqual([
      ['a', 'b'],
      ['a', 'b'],
    ]);
    expect(seen).toEqual(['begin immediate', 'insert into "t" ("id", "name") values (?, ?)', 'insert into "t" ("id", "name") values (?, ?)', 'commit']);
  });

  it('waits for a write lock another connection holds on a timer, the event loop turning, and writes once it is free', async () => {
    const { file, d, db, committed } = await database({ busyTimeoutMs: 2000 });
    const holder = new SQLite(file);
    cleanUp.push(() => holder.close());
    holder.exec('begin immediate');
    // In SQLite's busy handler the event loop would stop: this timer could not let go of the lock.
    let turns = 0;
    const ticking = setInterval(() => turns++, 1);
    cleanUp.push(() => clearInterval(ticking));
    setTimeout(() => holder.exec('commit'), 30);
    await Promise.all([
      db.transaction().execute((tx) => tx.insertInto('t').values({ id: 1, name: 'in a transaction' }).execute()),
      insert(d.db, 2, 'alone'),
      db.insertInto('t').values({ id: 3, name: 'built by Kysely' }).execute(),
    ]);
    expect(committed()).toEqual(['in a transaction', 'alone', 'built by Kysely']);
    expect(turns).toBeGreaterThan(0);
  });

  it('begins a transaction without yielding when the write lock is free: no write can come between its BEGIN and its savepoint', async () => {
    const { file } = await database();
    const connection = new SQLite(file);
    const driver = new GroupCommitDriver({ connection, prepare: (text) => connection.prepare(text), ran: () => {} }, () => connection.close(), 1000);
    cleanUp.push(() => driver.destroy());
    await driver.acquireConnection();
    const begun = driver.beginTransaction();
    // A write outside any transaction checks this: were it false now, the write would BEGIN again
    // inside the group just begun ("cannot start a transaction within a transaction").
    expect(driver.running).toBe(true);
    await begun;
    connection.prepare("insert into t (id, name) values (1, 'a')").run();
    await driver.commitTransaction();
    await driver.releaseConnection();
    await driver.sharedCommit;
    expect((connection.prepare('select name from t').all() as { name: string }[]).map((r) => r.name)).toEqual(['a']);
  });

  it("gives up with SQLite's busy error once the lock is held past the busy timeout, and writes again once it is free", async () => {
    const { file, d, db, committed } = await database({ busyTimeoutMs: 20 });
    const holder = new SQLite(file);
    cleanUp.push(() => holder.close());
    holder.exec('begin immediate');
    const refused = await Promise.allSettled([
      db.transaction().execute((tx) => tx.insertInto('t').values({ id: 1, name: 'a' }).execute()),
      insert(d.db, 2, 'b'),
      db.insertInto('t').values({ id: 3, name: 'c' }).execute(),
    ]);
    expect(refused.map((r) => r.status === 'rejected' && (r.reason as { code?: string }).code)).toEqual(['SQLITE_BUSY', 'SQLITE_BUSY', 'SQLITE_BUSY']);
    holder.exec('commit');
    await db.transaction().execute((tx) => tx.insertInto('t').values({ id: 4, name: 'd' }).execute());
    await insert(d.db, 5, 'e');
    expect(committed()).toEqual(['d', 'e']);
  });

  it('keeps a group open only until its COMMIT: an answer waits for it, and nothing stays open afterwards', async () => {
    const { d, db } = await database();
    expect(sharedCommit(d.db)).toBeUndefined();
    const done = db.transaction().execute((tx) => tx.insertInto('t').values({ id: 1, name: 'a' }).execute());
    await turn(); // the member has ended; its group commits after this turn
    const pending = sharedCommit(d.db);
    expect(pending).toBeInstanceOf(Promise);
    await pending;
    await done;
    expect(sharedCommit(d.db)).toBeUndefined();
  });

  it('ends a group at 16 members even while more transactions wait', async () => {
    const { db, seen, committed } = await database();
    await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        db.transaction().execute(async (tx) => {
          await tx
            .insertInto('t')
            .values({ id: i, name: `n${i}` })
            .execute();
          await turn();
        }),
      ),
    );
    expect(committed()).toHaveLength(40);
    const groups = seen.join('\n').split('commit').slice(0, -1);
    expect(groups.map((g) => g.match(/release signoff_member/g)!.length)).toEqual([16, 16, 8]);
  });

  it("keeps a member's savepoint journal in memory: rewriting pages its group already dirtied opens no temporary file", async () => {
    const { db } = await database();
    const temporaryFiles = () =>
      readdirSync('/proc/self/fd').filter((fd) => {
        try {
          return readlinkSync(`/proc/self/fd/${fd}`).endsWith(' (deleted)'); // SQLite unlinks its temporary files at once
        } catch {
          return false; // closed since the listing
        }
      });
    const before = temporaryFiles().length;
    const page = 'x'.repeat(3000);
    // A member's rewrite of a page the group dirtied before its savepoint journals the page's
    // old content; past 64 KiB SQLite spills that journal to a temporary file unless temp_store is MEMORY.
    await Promise.all(
      [0, 1].map((member) =>
        db.transaction().execute(async (tx) => {
          for (let id = 0; id < 100; id++) {
            if (member === 0) await tx.insertInto('t').values({ id, name: page }).execute();
            else
              await tx
                .updateTable('t')
                .set({ name: `${page}${member}` })
                .where('id', '=', id)
                .execute();
          }
          expect(temporaryFiles().length).toBe(before);
        }),
      ),
    );
  });

  it('counts the transactions that awaited I/O while holding the connection, and only those', async () => {
    const { d, db } = await database();
    // Statements only: each transaction ends within the turn it began in, however many share it.
    await Promise.all([1, 2, 3].map((id) => db.transaction().execute((tx) => tx.insertInto('t').values({ id, name: 'n' }).execute())));
    expect(transactionsHeldAcrossTurns(d.db)).toBe(0);
    // One that waits for the event loop (as it would for argon2 or the network) holds the connection past the turn.
    // An immediate, not a timer: this BEGIN may run in the check phase (the group above answers from one), and a
    // 1 ms timer then fires before the next check phase on a busy machine, ending the transaction unseen.
    await db.transaction().execute(async (tx) => {
      await tx.insertInto('t').values({ id: 4, name: 'n' }).execute();
      await new Promise((resolve) => setImmediate(resolve));
    });
    expect(transactionsHeldAcrossTurns(d.db)).toBe(1);
  });
});
