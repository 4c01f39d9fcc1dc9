// A job every instance runs on a timer (mail delivery, enrollment reminders, audit checkpoints,
// the sweep of unattached uploads). One pass at a time per instance: the next is scheduled only
// when the last has finished, so a slow pass never piles up overlapping ones; several instances
// run side by side, which each job's own claim or ledger in the database makes safe. The timer
// alone never keeps a process (a CLI command, a test) alive, and stop() waits for the pass in
// flight.
export type PeriodicJob = { start(): void; stop(): Promise<void> };

export function periodicJob(o: {
  intervalMs: number;
  /** Delay of the first pass after start() (default: one interval). */
  firstAfterMs?: number | undefined;
  /** A pass; resolving to `'more'` says work was left for lack of time: the next pass starts at once. */
  run: () => Promise<unknown>;
  /** A failed pass is reported and the next one runs as usual. */
  onError: (err: unknown) => void;
}): PeriodicJob {
  let running = false;
  let timer: NodeJS.Timeout | undefined;
  let inFlight: Promise<void> | undefined;

  const schedule = (ms: number) => {
    timer = setTimeout(tick, ms);
    timer.unref();
  };
  const tick = () => {
    timer = undefined;
    let more = false;
    inFlight = o
      .run()
      .then((result) => {
        more = result === 'more';
      }, o.onError)
      .finally(() => {
        inFlight = undefined;
        // At once is still a new macrotask: requests and stop() get their turn between passes.
        if (running) schedule(more ? 0 : o.intervalMs);
      });
  };

  return {
    start() {
      if (running) return;
      running = true;
      // A pass still finishing from before a stop() reschedules itself instead.
      if (!inFlight) schedule(o.firstAfterMs ?? o.intervalMs);
    },
    async stop() {
      running = false;
      if (timer) clearTimeout(timer);
      timer = undefined;
      await inFlight;
    },
  };
}
