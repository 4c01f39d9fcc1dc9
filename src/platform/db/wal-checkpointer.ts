// SQLite's WAL checkpoints, off the event loop (issue 14). By default the connection that
// commits also checkpoints: every ~20 decisions one commit copied a thousand pages into the
// database file and synced both files while every request waited on the event loop (without it,
// a decision's commit took ~35 % less time on average and decisions ran 15–25 % faster). With
// background checkpoints the serving connection never checkpoints (`wal_autocheckpoint = 0`);
// a worker thread with a connection of its own runs a PASSIVE checkpoint whenever the WAL file
// has changed since its last look (every POLL_MS). A PASSIVE checkpoint neither waits for nor
// blocks the writer or the readers; after a complete one the writer starts the WAL again from
// its beginning at its next transaction, so the file stays about as large as the pages written
// between two looks (journal_size_limit trims it back after a burst). Durability is unchanged:
// a transaction is durable in the WAL (synchronous = NORMAL, as before), the checkpoint only
// moves pages into the database file.
import { Worker } from 'node:worker_threads';

/** How often the worker looks at the WAL file (a stat; a checkpoint only when it changed). */
const POLL_MS = 100;

type CheckpointResult = { busy: number; log: number; checkpointed: number };
export type WalCheckpointer = {
  /** A PASSIVE checkpoint now, in the worker (tests; the worker also runs them by itself). */
  checkpoint(): Promise<CheckpointResult>;
  /** Ends the worker (its connection closed) before the serving connection closes. */
  stop(): Promise<void>;
};

/** The worker module beside this one, in the same form: src/….ts, or build/….js once compiled. */
const WORKER = new URL(`./wal-checkpoint-worker${import.meta.url.slice(import.meta.url.lastIndexOf('.'))}`, import.meta.url);

export function startWalCheckpointer(file: string, opts: { pollMs?: number } = {}): WalCheckpointer {
  const worker = new Worker(WORKER, { workerData: { file, pollMs: opts.pollMs ?? POLL_MS } });
  // The worker must never keep a process alive that has nothing else to do (CLI commands, tests).
  worker.unref();
  const pending = new Map<number, { resolve(r: CheckpointResult): void; reject(e: Error): void }>();
  let next = 0;
  const failAll = (err: Error) => {
    for (const p of pending.values()) p.reject(err);
    pending.clear();
  };
  worker.on('message', (m: { id: number; result?: CheckpointResult; error?: string }) => {
    const p = pending.get(m.id);
    pending.delete(m.id);
    if (m.error !== undefined) p?.reject(new Error(m.error));
    else p?.resolve(m.result!);
  });
  worker.on('error', failAll);
  worker.on('exit', () => failAll(new Error('the WAL checkpoint worker has ended')));
  let stopped: Promise<void> | undefined;
  return {
    checkpoint() {
      const id = next++;
      return new Promise((resolve, reject) => {
        pending.set(id, { resolve, reject });
        worker.postMessage({ type: 'checkpoint', id });
      });
    },
    stop() {
      stopped ??= new Promise<void>((resolve) => {
        worker.once('exit', () => resolve());
        worker.postMessage({ type: 'stop' });
      });
      return stopped;
    },
  };
}
