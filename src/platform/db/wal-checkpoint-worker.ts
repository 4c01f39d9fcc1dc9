// The worker thread of wal-checkpointer.ts: its own connection to the database file, a PASSIVE
// checkpoint whenever the WAL file changed since the last look, and one on request.
import { statSync } from 'node:fs';
import { parentPort, workerData } from 'node:worker_threads';
import SQLite from 'better-sqlite3';

const { file, pollMs } = workerData as { file: string; pollMs: number };
const db = new SQLite(file, { timeout: 5000 });

const checkpoint = () => db.pragma('wal_checkpoint(PASSIVE)', { simple: false }) as [{ busy: number; log: number; checkpointed: number }];

let seen = '';
const timer = setInterval(() => {
  let now: string;
  try {
    const s = statSync(`${file}-wal`, { bigint: true });
    now = `${s.size}:${s.mtimeNs}`;
  } catch {
    return; // no WAL file (yet, or the database is closing)
  }
  if (now === seen) return;
  seen = now;
  try {
    checkpoint();
  } catch {
    // Busy past the timeout (a backup holding the lock): the next look tries again.
  }
}, pollMs);

parentPort!.on('message', (m: { type: 'checkpoint'; id: number } | { type: 'stop' }) => {
  if (m.type === 'stop') {
    clearInterval(timer);
    db.close();
    parentPort!.close();
    return;
  }
  try {
    parentPort!.postMessage({ id: m.id, result: checkpoint()[0] });
  } catch (err) {
    parentPort!.postMessage({ id: m.id, error: (err as Error).message });
  }
});
