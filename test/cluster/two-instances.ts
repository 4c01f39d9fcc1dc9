// Two `signoff serve` processes, A and B, on one fresh PostgreSQL database, spawned at the same
// moment (so they also race to migrate it), and a small pg pool on that database for checking
// rows. `stop()` always runs to the end: whatever started is stopped and the database dropped,
// even when starting failed half way.
import pg from 'pg';
import { freshDatabase, type TestDatabase } from '../support/dialects.ts';
import { createClient, type Client, type Response } from '../support/http-client.ts';
import { startProcess, type ServerProcess } from '../support/start-signoff.ts';

export type Instance = { name: 'A' | 'B'; client: Client; process: ServerProcess };

export type TwoInstances = {
  readonly a: Instance;
  readonly b: Instance;
  /** A for even n, B for odd n: spreads a burst over both instances. */
  at(n: number): Instance;
  /** Rows of a query on the shared database. */
  query<T = Record<string, unknown>>(text: string, values?: unknown[]): Promise<T[]>;
  start(env?: Record<string, string>): Promise<void>;
  stop(): Promise<void>;
};

/** Stopping waits this long for a graceful exit (SIGTERM), then kills. */
const STOP_GRACE_MS = 5_000;

export function twoInstances(): TwoInstances {
  let db: TestDatabase | undefined;
  let pool: pg.Pool | undefined;
  const started: Instance[] = [];

  const get = (i: 0 | 1): Instance => {
    const inst = started[i];
    if (!inst) throw new Error('the two instances are not running (see the beforeAll error)');
    return inst;
  };

  return {
    get a() {
      return get(0);
    },
    get b() {
      return get(1);
    },
    at: (n) => get((n % 2) as 0 | 1),
    async query(text, values) {
      if (!pool) throw new Error('no database');
      return (await pool.query(text, values)).rows;
    },
    async start(env = {}) {
      db = await freshDatabase('postgres');
      pool = new pg.Pool({ connectionString: db.env.SIGNOFF_DATABASE_URL, max: 2 });
      // Dropping the database WITH (FORCE) terminates a connection still closing: not a failure.
      pool.on('error', () => {});
      const full = { ...db.env, ...env };
      const results = await Promise.allSettled([startProcess(full, { dataDir: db.dataDir }), startProcess(full, { dataDir: db.dataDir })]);
      results.forEach((r, i) => {
        if (r.status === 'fulfilled') started.push({ name: i === 0 ? 'A' : 'B', client: createClient(r.value.url), process: r.value });
      });
      const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
      if (failed) throw failed.reason;
    },
    async stop() {
      await Promise.allSettled(started.map((s) => stopProcess(s.process)));
      await pool?.end().catch(() => undefined);
      await db?.drop();
    },
  };
}

async function stopProcess(p: ServerProcess): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const killed = new Promise<void>((resolve) => {
    timer = setTimeout(() => {
      p.child.kill('SIGKILL');
      resolve();
    }, STOP_GRACE_MS);
  });
  try {
    await Promise.race([p.stop(), killed]);
  } finally {
    clearTimeout(timer);
  }
}

/** A client address of its own (the instances trust X-Forwarded-For from 127.0.0.1). */
export const fromAddress = (client: Client, ip: string, method: string, path: string, body?: unknown, token?: string): Promise<Response> =>
  client.request(method, path, { body, token, headers: { 'x-forwarded-for': ip } });

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
