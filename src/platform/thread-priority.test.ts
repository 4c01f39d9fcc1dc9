// The thread-pool and worker threads are lowered to nice 10; the event loop's thread is not.
import { randomFill } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { Worker } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import { BACKGROUND_NICE, lowerBackgroundThreads, niceOf } from './thread-priority.ts';

const threads = () =>
  readdirSync('/proc/self/task').map((tid) => ({ tid, name: readFileSync(`/proc/self/task/${tid}/comm`, 'utf8').trim(), nice: niceOf(tid) }));

describe.runIf(process.platform === 'linux')('background thread priority', () => {
  it('lowers the libuv pool and worker threads to nice 10 and leaves the main thread alone', async () => {
    await new Promise((r) => randomFill(Buffer.alloc(1), r)); // the pool starts on first use
    const worker = new Worker('setInterval(() => {}, 1000)', { eval: true });
    await new Promise((r) => worker.once('online', r));
    try {
      const mainBefore = threads().find((t) => t.tid === String(process.pid))!.nice;
      lowerBackgroundThreads();
      const after = threads();
      expect(after.filter((t) => t.name === 'libuv-worker').length).toBeGreaterThan(0);
      for (const t of after.filter((x) => x.name === 'libuv-worker' || x.name === 'WorkerThread')) expect(t.nice, t.name).toBe(BACKGROUND_NICE);
      expect(after.find((t) => t.tid === String(process.pid))!.nice).toBe(mainBefore);
      expect(lowerBackgroundThreads()).toEqual([]); // nothing left to change
    } finally {
      await worker.terminate();
    }
  });
});
