// A PostgreSQL connection of the test's own to a server's database, to hold row locks against
// Signoff's requests: the races a test cannot win by timing (a deadlock, a row changed between a
// check and its transaction) are made by taking a lock first and releasing it once a request
// of Signoff's waits for it.
import pg from 'pg';
import type { TestServer } from './start-signoff.ts';

export type LockingConnection = {
  query: pg.Client['query'];
  /** Resolves once `n` of Signoff's connections wait for a lock (this connection's, say). */
  signoffWaits(n?: number): Promise<void>;
  end(): Promise<void>;
};

export async function lockingConnection(s: TestServer): Promise<LockingConnection> {
  const client = new pg.Client({ connectionString: s.db.env.SIGNOFF_DATABASE_URL });
  await client.connect();
  const waiting = async () =>
    (
      await client.query<{ n: number }>(
        "select count(*)::int as n from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid() and wait_event_type = 'Lock'",
      )
    ).rows[0]!.n;
  return {
    query: client.query.bind(client) as pg.Client['query'],
    async signoffWaits(n = 1) {
      while ((await waiting()) < n) await new Promise((resolve) => setTimeout(resolve, 10));
    },
    end: () => client.end(),
  };
}
