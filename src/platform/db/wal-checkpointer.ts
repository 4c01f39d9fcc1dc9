// SQLite's WAL checkpoints, off the event loop (issue 14). By default the connection that
// commits also checkpoints: every ~20 decisions one commit copied a thousand pages into the
// database file and synced both files while every request waited on the event loop (without it,
// a decision's commit took ~35 % less time on average and decisions ran 15–25 % faster). With
// background checkpoints the serving connection never checkpoints (`wal_autocheckpoint = 0`);
// a worker thread with a connection of its own runs a PASSIVE checkpoint whenever the WAL file
// has changed since the last look (every POLL_MS, a stat on the event loop). A PASSIVE
// checkpoint neither waits for nor blocks the writer or the readers; after a complete one the
// writer starts the WAL again from its beginning at its next transaction, so the file stays
// about as large as the pages written between two looks (journal_size_limit trims it back after
// a burst). Durability is unchanged: a transaction is durable in the WAL (synchronous = NORMAL,
// as before), a checkpoint only moves pages into the database file.
//
// A worker thread is an isolate of its own (~16 MiB resident), so it runs only while there is
// something to checkpoint: it starts at the first change of the WAL after this starts and ends
// after IDLE_MS without one. An idle server holds no extra thread.
import { statSync } from 'node:fs';
import { Worker } from 'node:worker_threads';

/** How often the WAL file is looked at (a stat; a checkpoint only when it changed). */
const POLL_MS = 100;
/** The worker ends after this long without a change of the WAL. */
const IDLE_MS = 30_000;

type CheckpointResult = { busy: number; log: number; checkpointed: number };
export type WalCheckpointer = {
  /** A PASSIVE checkpoint now, in the worker (tests; the looks at the WAL ask for them by themselves). */
  checkpoint(): Promise<CheckpointResult>;
  /** Whether the worker thread is running now. */
  running(): boolean;
  /** Ends the looks and the worker (its connection closed) before the serving connection closes. */
  stop(): Promise<void>;
};

/** The worker module beside this one, in the same form: src/….ts, or build/….js once compiled. */
const WORKER = new URL(`./wal-checkpoint-worker${import.meta.url.slice(import.meta.url.lastIndexOf('.'))}`, import.meta.url);

export function startWalCheckpointer(file: string, opts: { pollMs?: number; idleMs?: number } = {}): WalCheckpointer {
  const idleMs = opts.idleMs ?? IDLE_MS;
  type Running = { worker: Worker; ask(): Promise<CheckpointResult>; exited: Promise<void> };
  let current: Running | undefined;
  const exits = new Set<Promise<void>>();

  function start(): Running {
    const worker = new Worker(WORKER, { workerData: { file } });
    // The worker must never keep a process alive that has nothing else to do (CLI commands, tests).
    worker.unref();
    const pending = new Map<number, { resolve(r: CheckpointResult): void; reject(e: Error): void }>();
    let next = 0;
    worker.on('message', (m: { id: number; result?: CheckpointResult; error?: string }) => {
      const p = pending.get(m.id);
      pending.delete(m.id);
      if (m.error !== undefined) p?.reject(new Error(m.error));
      else p?.resolve(m.result!);
    });
    worker.on('error', () => {}); // ends it: 'exit' follows, and the next change starts another
    const exited = new Promise<void>((resolve) =>
      worker.once('exit', () => {
        if (current?.worker === worker) current = undefined;
        for (const p of pending.values()) p.reject(new Error('the WAL checkpoint worker has ended'));
        exits.delete(exited);
        resolve();
      }),
    );
    exits.add(exited);
    const ask = () =>
      new Promise<CheckpointResult>((resolve, reject) => {
        const id = next++;
        pending.set(id, { resolve, reject });
        worker.postMessage({ type: 'checkpoint', id });
      });
    return { worker, ask, exited };
  }
  const ask = () => (current ??= start()).ask();
  /** Ends the running worker; a later change starts a new one. */
  const end = () => {
    current?.worker.postMessage({ type: 'stop' });
    current = undefined;
  };

  const look = (): string | undefined => {
    try {
      const s = statSync(`${file}-wal`, { bigint: true });
      return `${s.size}:${s.mtimeNs}`;
    } catch {
      return undefined; // no WAL file (yet, or the database is closing)
    }
  };
  let seen = look();
  let changedAt = 0;
  const timer = setInterval(() => {
    const now = look();
    if (now === undefined) return;
    if (now !== seen) {
      seen = now;
      changedAt = performance.now();
      ask().catch(() => {}); // busy past the timeout (a backup holding the lock): the next change asks again
    } else if (current && performance.now() - changedAt >= idleMs) end();
  }, opts.pollMs ?? POLL_MS);
  timer.unref();

  return {
    checkpoint: ask,
    running: () => current !== undefined,
    async stop() {
      clearInterval(timer);
      end();
      await Promise.all([...exits]);
    },
  };
}
