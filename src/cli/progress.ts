// Progress of a long command on standard error, so standard output keeps only its result. A
// ten-million-entry audit trail takes a minute or more to walk: without it the command looks
// stuck. On a terminal one line is redrawn in place (at most four times a second) and cleared at
// the end; in a log (cron, CI) a line is written per 100,000 entries, so a short walk writes none.
import { systemClock, type Clock } from '../platform/clock.ts';

const REDRAW_MS = 250;
const LOG_EVERY = 100_000;

export type ProgressOut = { write(text: string): unknown; isTTY?: boolean | undefined };

export type Progress = {
  /** `done` of the total are through (counted from the start, not since the last call). */
  update(done: number): void;
  /** Clears the terminal's line; call once the result is known, before printing it. */
  end(): void;
};

const count = (n: number) => n.toLocaleString('en-US');

export function progress(out: ProgressOut, what: { label: string; total: number; unit: string }, clock: Clock = systemClock): Progress {
  const started = clock.now();
  let drawnAt = started;
  let drawn = false;
  let logged = 0;
  const line = (done: number) => {
    const share = what.total > 0 ? ` (${Math.floor((100 * done) / what.total)} %)` : '';
    return `${what.label}: ${count(done)} of ${count(what.total)} ${what.unit} checked${share}`;
  };
  return {
    update(done) {
      if (out.isTTY) {
        const now = clock.now();
        if (now - drawnAt < REDRAW_MS) return;
        drawnAt = now;
        drawn = true;
        out.write(`\r\x1b[2K${line(done)}`);
      } else if (Math.floor(done / LOG_EVERY) > Math.floor(logged / LOG_EVERY)) {
        logged = done;
        out.write(`${line(done)}\n`);
      }
    },
    end() {
      if (drawn) out.write('\r\x1b[2K');
    },
  };
}
