// Appends are chained in the transaction's last step (append.ts): in append order, continuing
// the head, in a fixed number of statements, and never lost or half-stored.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, SqliteDialect, sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { manualClock } from '../platform/clock.ts';
import { commitHook } from '../platform/db/commit-hooks.ts';
import { connectDatabase, type Database, type Tx } from '../platform/db/connect.ts';
import { migrateToLatest } from '../platform/db/migrate.ts';
import type { DB } from '../platform/db/tables.ts';
import { GENESIS_HASH } from './chain.ts';
import { createAudit } from './index.ts';
import type { OrgId } from '../platform/ids.ts';

describe('audit append: chained at commit', () => {
  let database: Database;
  const clock = manualClock();
  const audit = createAudit({ clock });
  const ORG = 'org_a' as OrgId;
  const OTHER = 'org_b' as OrgId;

  beforeEach(async () => {
    database = connectDatabase({ dialect: 'sqlite', file: ':memory:' });
    await migrateToLatest(database.db);
    for (const id of [ORG, OTHER]) await database.db.insertInto('organizations').values({ id, slug: id, name: id, settings: '{}', created_at: 0 }).execute();
  });
  afterEach(() => database.close());

  const event = (n: number, orgId = ORG) => ({ orgId, type: 'group.created' as const, actor: { label: 'test' }, data: { n } });
  const stored = (orgId = ORG, ex: Kysely<DB> = database.db) => ex.selectFrom('audit_entries').selectAll().where('org_id', '=', orgId).orderBy('seq').execute();

  it("stores a transaction's entries in append order after the head, each linked to the one before, in 2 statements after the instance's own last chaining", async () => {
    await database.db.transaction().execute((tx) => audit.append(tx, event(0)));
    const seen: string[] = [];
    const stop = database.onStatement((s) => seen.push(s));
    await database.db.transaction().execute(async (tx) => {
      for (let n = 1; n <= 5; n++) {
        clock.advance(1);
        await audit.append(tx, event(n));
      }
      expect(await stored(ORG, tx)).toHaveLength(1); // nothing is stored before the last step
    });
    stop();
    // The head moved from where this instance's last chaining left it, and the entries (besides the test's own read).
    expect(seen.filter((s) => /audit_/.test(s) && !/^select/i.test(s))).toEqual([
      expect.stringMatching(/^update "audit_heads"/),
      expect.stringMatching(/^insert into "audit_entries"/),
    ]);
    const rows = await stored();
    expect(rows.map((r) => [Number(r.seq), JSON.parse(r.data).n])).toEqual([
      [1, 0],
      [2, 1],
      [3, 2],
      [4, 3],
      [5, 4],
      [6, 5],
    ]);
    expect(rows[0]!.prev_hash).toBe(GENESIS_HASH);
    for (let i = 1; i < rows.length; i++) expect(rows[i]!.prev_hash).toBe(rows[i - 1]!.hash);
    expect(Number(rows[5]!.at) - Number(rows[1]!.at)).toBe(4); // each entry's time is its append's
    expect(await audit.verify(database.db, ORG)).toMatchObject({ ok: true, entries: 6, headHash: rows[5]!.hash });
    expect(await audit.head(database.db, ORG)).toEqual({ seq: 6, headHash: rows[5]!.hash });
  });

  it('chains each member of a commit group on the head the member before it left: two statements each, one COMMIT for all', async () => {
    await database.db.transaction().execute((tx) => audit.append(tx, event(0)));
    const seen: string[] = [];
    const stop = database.onStatement((s) => seen.push(s));
    // Transactions of one turn of the event loop share a COMMIT (platform/db/group-commit.ts).
    await Promise.all([1, 2, 3].map((n) => database.db.transaction().execute((tx) => audit.append(tx, event(n)))));
    stop();
    expect(seen.filter((s) => s === 'commit')).toHaveLength(1);
    expect(seen.filter((s) => /audit_/.test(s)).map((s) => s.split(' (')[0])).toEqual(
      Array.from({ length: 3 }, () => [
        'update "audit_heads" set "seq" = ?, "head_hash" = ? where "org_id" = ? and "seq" = ? and "head_hash" = ?',
        'insert into "audit_entries"',
      ]).flat(),
    );
    expect((await stored()).map((r) => [Number(r.seq), JSON.parse(r.data).n])).toEqual([
      [1, 0],
      [2, 1],
      [3, 2],
      [4, 3],
    ]);
    expect(await audit.verify(database.db, ORG)).toMatchObject({ ok: true, entries: 4 });
  });

  it('chains each organisation of one transaction on its own head', async () => {
    await database.db.transaction().execute(async (tx) => {
      await audit.append(tx, event(1, OTHER));
      await audit.append(tx, event(2, ORG));
      await audit.append(tx, event(3, OTHER));
    });
    expect((await stored(OTHER)).map((r) => [Number(r.seq), JSON.parse(r.data).n])).toEqual([
      [1, 1],
      [2, 3],
    ]);
    expect((await stored(ORG)).map((r) => [Number(r.seq), JSON.parse(r.data).n])).toEqual([[1, 2]]);
    expect((await audit.verify(database.db, OTHER)).ok).toBe(true);
    expect((await audit.verify(database.db, ORG)).ok).toBe(true);
  });

  it('stores nothing and leaves the head as it was when the transaction fails after appending', async () => {
    await database.db.transaction().execute((tx) => audit.append(tx, event(1)));
    const head = await audit.head(database.db, ORG);
    await expect(
      database.db.transaction().execute(async (tx) => {
        await audit.append(tx, event(2));
        throw new Error('the audited change failed');
      }),
    ).rejects.toThrow('the audited change failed');
    expect(await stored()).toHaveLength(1);
    expect(await audit.head(database.db, ORG)).toEqual(head);
  });

  it('chains on the head as it is when another instance moved it since, and a rolled-back chaining changes nothing', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'signoff-audit-'));
    const file = join(dir, 'chain.db');
    const one = connectDatabase({ dialect: 'sqlite', file });
    await migrateToLatest(one.db);
    await one.db.insertInto('organizations').values({ id: ORG, slug: ORG, name: ORG, settings: '{}', created_at: 0 }).execute();
    const two = connectDatabase({ dialect: 'sqlite', file });
    try {
      const append = (db: Database, n: number) => db.db.transaction().execute((tx) => audit.append(tx, event(n)));
      await append(one, 1);
      await append(two, 2);
      // `one` last left the head at seq 1: its guess fails, changes nothing, and it claims seq 3.
      const seen: string[] = [];
      const stop = one.onStatement((s) => seen.push(s));
      await append(one, 3);
      stop();
      expect(seen.filter((s) => /audit_/.test(s)).map((s) => s.split(' (')[0])).toEqual([
        'update "audit_heads" set "seq" = ?, "head_hash" = ? where "org_id" = ? and "seq" = ? and "head_hash" = ?',
        'insert into "audit_heads"',
        'insert into "audit_entries"',
        'update "audit_heads" set "head_hash" = ? where "org_id" = ?',
      ]);
      // A transaction that fails after its chaining (a later final step refuses) stores nothing,
      // and the next chaining on the same instance continues from the head that stayed.
      await expect(
        one.db.transaction().execute(async (tx) => {
          await audit.append(tx, event(4));
          commitHook(tx, Symbol('refuses'), () => ({ beforeCommit: () => Promise.reject(new Error('refused at the end')) }));
        }),
      ).rejects.toThrow('refused at the end');
      await append(one, 5);
      await append(two, 6);
      const rows = await stored(ORG, one.db);
      expect(rows.map((r) => [Number(r.seq), JSON.parse(r.data).n])).toEqual([
        [1, 1],
        [2, 2],
        [3, 3],
        [4, 5],
        [5, 6],
      ]);
      expect(await audit.verify(one.db, ORG)).toMatchObject({ ok: true, entries: 5, headHash: rows[4]!.hash });
    } finally {
      await two.close();
      await one.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('takes the head as it is after it went back (a restored backup), and guesses from there again', async () => {
    const append = (n: number) => database.db.transaction().execute((tx) => audit.append(tx, event(n)));
    await append(1);
    await append(2);
    // A backup from before the second entry comes back: its entry and head are as they were then.
    const [first] = await stored();
    await sql`drop trigger audit_entries_no_delete`.execute(database.db);
    await database.db.deleteFrom('audit_entries').where('seq', '=', 2).execute();
    await database.db.updateTable('audit_heads').set({ seq: 1, head_hash: first!.hash }).where('org_id', '=', ORG).execute();
    await append(3); // the guess (seq 2) fails: it claims seq 2 after the restored head
    const seen: string[] = [];
    const stop = database.onStatement((text) => seen.push(text));
    await append(4);
    stop();
    expect(seen.filter((text) => /audit_/.test(text))).toHaveLength(2);
    expect((await stored()).map((r) => [Number(r.seq), JSON.parse(r.data).n])).toEqual([
      [1, 1],
      [2, 3],
      [3, 4],
    ]);
    expect((await audit.verify(database.db, ORG)).ok).toBe(true);
  });

  it('records the data as it was when appended, whatever the caller changes before the commit', async () => {
    await database.db.transaction().execute(async (tx) => {
      const data = { names: ['a'] };
      await audit.append(tx, { ...event(1), data });
      data.names.push('b');
    });
    expect(JSON.parse((await stored())[0]!.data)).toEqual({ names: ['a'] });
    expect((await audit.verify(database.db, ORG)).ok).toBe(true);
  });

  it('refuses an append that no final step would chain: a transaction of a bare Kysely, or one already committed', async () => {
    const bare = new Kysely<DB>({ dialect: new SqliteDialect({ database: new SQLite(':memory:') }) });
    await expect(bare.transaction().execute((tx) => audit.append(tx, event(1)))).rejects.toThrow(/runs no before-commit hooks/);
    await bare.destroy();
    let leaked: Tx | undefined;
    await database.db.transaction().execute(async (tx) => {
      leaked = tx;
    });
    await expect(audit.append(leaked!, event(2))).rejects.toThrow(/runs no before-commit hooks/);
    expect(await stored()).toHaveLength(0);
  });
});
