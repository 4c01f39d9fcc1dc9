// The event loop first in line for the CPU. A password hash (argon2id, ~20 ms of CPU) runs on
// libuv's thread pool and a signature report on a worker thread: on a 2-core machine four
// hashes and a report at once leave the event loop waiting for a core, and every request —
// /healthz included — waits with it (issue 11: /healthz stayed under 50 ms only when idle).
// On Linux the nice value is per thread, so those threads are lowered to nice 10: the kernel
// then gives the event loop about ten times their share whenever they compete, and they run
// at full speed when nothing else wants the CPU (sign-in throughput is unchanged on an idle
// machine). Threads appear lazily (the pool on first use, a report worker on demand), so the
// scan runs at start and then every second; it is ~30 small /proc reads. Elsewhere: a no-op.
import { readdirSync, readFileSync } from 'node:fs';
import { setPriority } from 'node:os';

/** Thread names Node gives its thread pool (libuv ≥ 1.45) and its worker threads. */
const BACKGROUND_THREADS = new Set(['libuv-worker', 'WorkerThread']);
/** The default of SIGNOFF_BACKGROUND_NICE. */
export const BACKGROUND_NICE = 10;

/** Sets every background thread of this process to `nice`; the thread ids it changed. */
export function lowerBackgroundThreads(nice = BACKGROUND_NICE): number[] {
  if (process.platform !== 'linux') return [];
  const changed: number[] = [];
  let tids: string[];
  try {
    tids = readdirSync('/proc/self/task');
  } catch {
    return changed;
  }
  for (const tid of tids) {
    try {
      if (!BACKGROUND_THREADS.has(readFileSync(`/proc/self/task/${tid}/comm`, 'utf8').trim())) continue;
      if (niceOf(tid) === nice) continue;
      setPriority(Number(tid), nice);
      changed.push(Number(tid));
    } catch {
      /* the thread ended between the listing and the read */
    }
  }
  return changed;
}

/** A thread's nice value: field 19 of /proc/<pid>/task/<tid>/stat (after the parenthesised name). */
export function niceOf(tid: string | number): number {
  const stat = readFileSync(`/proc/self/task/${tid}/stat`, 'utf8');
  return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[16]);
}

/** Keeps lowering new background threads to `nice` every `everyMs` until stop(); nice 0 does nothing. */
export function keepBackgroundThreadsLow(nice = BACKGROUND_NICE, everyMs = 1000): { stop(): void } {
  if (nice === 0) return { stop: () => {} };
  lowerBackgroundThreads(nice);
  const timer = setInterval(() => lowerBackgroundThreads(nice), everyMs);
  timer.unref();
  return { stop: () => clearInterval(timer) };
}
