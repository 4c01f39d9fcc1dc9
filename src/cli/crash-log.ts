// How `signoff serve` ends when something throws where nothing catches it (a callback of a timer,
// a promise nobody awaits): one line of the JSON log like every other, level fatal, with the error
// and its stack, then exit 1. Node's default would print an unstructured stack to stderr, which a
// log pipeline reading the JSON lines does not parse, and the crash would leave no record there.
// The process still ends: after such an error its state is unknown (a transaction half done).
import type { Log } from '../platform/log.ts';

/** How long the log may take to write the line before the process exits anyway. */
const FLUSH_LIMIT_MS = 1000;

export function logCrashes(proc: Pick<NodeJS.Process, 'on'>, log: Pick<Log, 'fatal' | 'flush'>, exit: (code: number) => void): void {
  let crashed = false;
  proc.on('uncaughtException', (err, origin) => {
    // A second error while the first is being written changes nothing: the process is ending.
    if (crashed) return;
    crashed = true;
    log.fatal({ err, origin }, 'Signoff stops: an error nothing handled');
    setTimeout(() => exit(1), FLUSH_LIMIT_MS);
    log.flush(() => exit(1));
  });
}
