// The worker thread of wal-checkpointer.ts: its own connection to the database file, a PASSIVE
// checkpoint for each request, and an end when asked.
import { parentPort, workerData } from 'node:worker_threads';
import SQLite from 'better-sqlite3';

const { file } = workerData as { file: string };
const db = new SQLite(file, { timeout: 5000 });

parentPort!.on('message', (m: { type: 'checkpoint'; id: number } | { type: 'stop' }) => {
  if (m.type === 'stop') {
    db.close();
    parentPort!.close();
    return;
  }
  try {
    const [result] = db.pragma('wal_checkpoint(PASSIVE)', { simple: false }) as [{ busy: number; log: number; checkpointed: number }];
    parentPort!.postMessage({ id: m.id, result });
  } catch (err) {
    parentPort!.postMessage({ id: m.id, error: (err as Error).message });
  }
});
