// The polling loop around deliverDue(). One pass at a time per instance (the next is scheduled
// only when the last has finished), so a slow SMTP server never piles up overlapping passes;
// several instances poll side by side, which the claim in mail.store.ts makes safe.
import { describeError } from './describe-error.ts';
import type { MailLog } from './deliver-due.ts';

export type Worker = { start(): void; stop(): Promise<void> };

export function createWorker(o: { pollMs: number; run: () => Promise<number>; log: MailLog }): Worker {
  let running = false;
  let timer: NodeJS.Timeout | undefined;
  let inFlight: Promise<void> | undefined;

  const schedule = (ms: number) => {
    timer = setTimeout(tick, ms);
    // The worker alone must not keep a process (a CLI command, a test) alive.
    timer.unref();
  };
  const tick = () => {
    timer = undefined;
    inFlight = o.run()
      .then(() => undefined, (err: unknown) => o.log.error({ error: describeError(err) }, 'mail worker pass failed'))
      .finally(() => { inFlight = undefined; if (running) schedule(o.pollMs); });
  };

  return {
    start() {
      if (running) return;
      running = true;
      // First pass straight away: mail queued while the service was down goes out at boot. A
      // pass still finishing from before a stop() reschedules itself instead.
      if (!inFlight) schedule(0);
    },
    async stop() {
      running = false;
      if (timer) clearTimeout(timer);
      timer = undefined;
      await inFlight;
    },
  };
}
