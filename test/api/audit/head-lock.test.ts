// On PostgreSQL the organisation's chain head is held only by a transaction's last step (issue
// 14 item 3): a transaction that appended audit entries and is still doing other work does not
// stop another transaction of the same organisation from appending and committing. Driven
// step by step on two connections (no sleeps): B's backend is watched in pg_stat_activity
// while it runs, so a B that waits for a lock is seen waiting, not timed out.
import { sql } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAudit } from '../../../src/audit/index.ts';
import { manualClock } from '../../../src/platform/clock.ts';
import { connectDatabase, type Database } from '../../../src/platform/db/connect.ts';
import { migrateToLatest } from '../../../src/platform/db/migrate.ts';
import { DIALECTS, freshDatabase, type TestDatabase } from '../../support/dialects.ts';
import type { OrgId } from '../../../src/platform/ids.ts';

const deferred = <T = void>() => {
  let resolve!: (v: T) => void;
  const promise = new Promise<T>((r) => {
    resolve = r;
  });
  return { promise, resolve };
};

describe.skipIf(!DIALECTS.includes('postgres'))('postgres: the audit head is held only at commit', () => {
  let test: TestDatabase;
  let database: Database;
  let watcher: pg.Client;
  const audit = createAudit({ clock: manualClock() });
  const ORG = 'org_head' as OrgId;

  beforeAll(async () => {
    test = await freshDatabase('postgres');
    database = connectDatabase({ dialect: 'postgres', url: test.env.SIGNOFF_DATABASE_URL! });
    await migrateToLatest(database.db);
    await database.db.insertInto('organizations').values({ id: ORG, slug: 'head', name: 'Head', settings: '{}', created_at: 0 }).execute();
    watcher = new pg.Client({ connectionString: test.env.SIGNOFF_DATABASE_URL });
    await watcher.connect();
  });
  afterAll(async () => {
    await watcher?.end();
    await database?.close();
    await test?.drop();
  });

  const event = (label: string) => ({ orgId: ORG, type: 'group.created' as const, actor: { label }, data: { label } });

  /** Resolves when backend `pid` waits for a lock; checks until `settled()` says the backend's work is over. */
  async function waitsForLock(pid: number, settled: () => boolean): Promise<boolean> {
    while (!settled()) {
      const { rows } = await watcher.query<{ wait_event_type: string | null }>('SELECT wait_event_type FROM pg_stat_activity WHERE pid = $1', [pid]);
      if (rows[0]?.wait_event_type === 'Lock') return true;
    }
    return false;
  }

  it('lets B append and commit while A, which appended first, is still open doing other work', async () => {
    const aAppended = deferred();
    const aMayFinish = deferred();
    const a = database.db.transaction().execute(async (tx) => {
      await audit.append(tx, event('A1'));
      await tx
        .insertInto('organizations')
        .values({ id: 'org_other' as OrgId, slug: 'other', name: 'Other', settings: '{}', created_at: 0 })
        .execute();
      aAppended.resolve();
      await aMayFinish.promise; // A's other work goes on while B runs
      await audit.append(tx, event('A2'));
    });
    await aAppended.promise;

    const bPid = deferred<number>();
    let bSettled = false;
    const b = database.db
      .transaction()
      .execute(async (tx) => {
        bPid.resolve((await sql<{ pid: number }>`select pg_backend_pid() as pid`.execute(tx)).rows[0]!.pid);
        await audit.append(tx, event('B1'));
      })
      .finally(() => {
        bSettled = true;
      });
    const outcome = await Promise.race([
      b.then(() => 'B committed'),
      bPid.promise.then((pid) => waitsForLock(pid, () => bSettled)).then((blocked) => (blocked ? 'B waited for A' : 'B committed')),
    ]);
    aMayFinish.resolve();
    await Promise.all([a, b]);
    expect(outcome).toBe('B committed');

    // B took the head first; A's entries follow it, linked, and the chain verifies.
    const rows = await database.db.selectFrom('audit_entries').select(['seq', 'data', 'prev_hash', 'hash']).where('org_id', '=', ORG).orderBy('seq').execute();
    expect(rows.map((r) => [Number(r.seq), JSON.parse(r.data).label])).toEqual([
      [1, 'B1'],
      [2, 'A1'],
      [3, 'A2'],
    ]);
    expect(rows[1]!.prev_hash).toBe(rows[0]!.hash);
    expect(await audit.verify(database.db, ORG)).toMatchObject({ ok: true, entries: 3 });
  });

  it("chains 30 overlapping transactions of one organisation without a gap or a fork, each transaction's entries together", async () => {
    const before = (await audit.head(database.db, ORG)).seq;
    // Each transaction appends, yields to the others (a round trip), and appends again.
    await Promise.all(
      Array.from({ length: 30 }, (_, t) =>
        database.db.transaction().execute(async (tx) => {
          await audit.append(tx, event(`T${t}.1`));
          await sql`select 1`.execute(tx);
          await audit.append(tx, event(`T${t}.2`));
        }),
      ),
    );
    const rows = await database.db
      .selectFrom('audit_entries')
      .select(['seq', 'data'])
      .where('org_id', '=', ORG)
      .where('seq', '>', before)
      .orderBy('seq')
      .execute();
    expect(rows.map((r) => Number(r.seq))).toEqual(Array.from({ length: 60 }, (_, i) => before + 1 + i));
    for (let i = 0; i < rows.length; i += 2) {
      const [first, second] = [JSON.parse(rows[i]!.data).label as string, JSON.parse(rows[i + 1]!.data).label as string];
      expect(second).toBe(first.replace('.1', '.2'));
    }
    expect(await audit.verify(database.db, ORG)).toMatchObject({ ok: true, entries: before + 60 });
  });
});
