// Preloaded into the server by `npm run bench:profile` (NODE_OPTIONS=--import): times every
// SQLite statement better-sqlite3 runs, by SQL text, as wall-clock time inside the call (SQLite's
// work, its system calls, and any wait in its busy handler). SIGUSR2 starts the count afresh (the
// profile sends it when the load begins, so the seeding is left out); at exit the totals are
// written to STATEMENT_TIMES_FILE. V8's profile charges all of this to one JavaScript function.
// Only the main thread counts: the preload runs in worker threads too (the WAL checkpointer's),
// whose statements do not hold the event loop, and two threads writing one file at exit left it
// holding the tail of the longer over the shorter.
import { writeFileSync } from 'node:fs';
import { isMainThread } from 'node:worker_threads';
import Database from 'better-sqlite3';

export type StatementTimes = { sql: string; calls: number; us: number }[];

const out = process.env.STATEMENT_TIMES_FILE;
if (out && isMainThread) {
  const times = new Map<string, { calls: number; ns: bigint }>();
  const scratch = new Database(':memory:');
  const proto = Object.getPrototypeOf(scratch.prepare('select 1')) as Record<string, (...args: unknown[]) => unknown>;
  scratch.close();
  for (const method of ['run', 'get', 'all', 'iterate'] as const) {
    const original = proto[method]!;
    proto[method] = function (this: { source: string }, ...args: unknown[]) {
      const start = process.hrtime.bigint();
      try {
        return original.apply(this, args);
      } finally {
        const t = times.get(this.source) ?? { calls: 0, ns: 0n };
        t.calls++;
        t.ns += process.hrtime.bigint() - start;
        times.set(this.source, t);
      }
    };
  }
  process.on('SIGUSR2', () => times.clear());
  process.on('exit', () => {
    const rows: StatementTimes = [...times].map(([sql, t]) => ({ sql, calls: t.calls, us: Number(t.ns) / 1000 }));
    writeFileSync(out, JSON.stringify(rows));
  });
}
