// A PostgreSQL connection of the test's own to a server's database, to hold row locks against
// Signoff's requests: the races a test cannot win by timing (a deadlock, a row changed between a
// check and its transaction) are made by taking a lock first and releasing it once a request
// of Signoff's waits for it. Who waits is watched from a second connection: inside the lock's
// transaction, pg_stat_activity is a snapshot taken at its first read and never changes.
import pg from 'pg';
import type { TestServer } from './start-signoff.ts';

export type LockingConnection = {
  query: pg.Client['query'];
  /** Resolves once `n` of Signoff's connections wait for a lock (this connection's, say). */
  signoffWaits(n?: number): Promise<void>;
  /**
   * signoffWaits, for a request under way: fails with the request's answer if it answers first
   * (code that does not wait for the lock then fails the test at once, not by a timeout).
   */
  waitsFor(request: Promise<{ status: number; text: string }>, what: string, n?: number): Promise<void>;
  /**
   * Begins this connection's transaction and locks one row (`FOR UPDATE`) until the test commits
   * or rolls back. Requests that wait for it take it in the order they came: waiters for a row
   * only locked do, while waiters for a row updated meanwhile take its new version in no set order.
   */
  holdRow(table: string, id: string): Promise<void>;
  /** How many unrevoked sessions the user has (read on this connection: inside its transaction, as it sees them). */
  liveSessions(userId: string): Promise<number>;
  end(): Promise<void>;
};

export async function lockingConnection(s: TestServer): Promise<LockingConnection> {
  const [locker, watcher] = [0, 1].map(() => new pg.Client({ connectionString: s.db.env.SIGNOFF_DATABASE_URL }));
  await Promise.all([locker!.connect(), watcher!.connect()]);
  const lockerPid = (await locker!.query<{ pid: number }>('select pg_backend_pid() as pid')).rows[0]!.pid;
  const waiting = async () =>
    (
      await watcher!.query<{ n: number }>(
        "select count(*)::int as n from pg_stat_activity where datname = current_database() and pid not in (pg_backend_pid(), $1) and wait_event_type = 'Lock'",
        [lockerPid],
      )
    ).rows[0]!.n;
  const signoffWaits = async (n = 1) => {
    while ((await waiting()) < n) await new Promise((resolve) => setTimeout(resolve, 10));
  };
  return {
    query: locker!.query.bind(locker) as pg.Client['query'],
    signoffWaits,
    waitsFor: (request, what, n = 1) =>
      Promise.race([
        request.then((r) => {
          throw new Error(`${what} answered ${r.status} before waiting for a lock: ${r.text}`);
        }),
        signoffWaits(n),
      ]),
    holdRow: async (table, id) => {
      await locker!.query('begin');
      await locker!.query(`select id from ${table} where id = $1 for update`, [id]);
    },
    liveSessions: async (userId) =>
      (await locker!.query<{ n: number }>('select count(*)::int as n from sessions where user_id = $1 and revoked_at is null', [userId])).rows[0]!.n,
    end: async () => {
      await Promise.all([locker!.end(), watcher!.end()]);
    },
  };
}
