// The polling loop around deliverDue(): a periodic job (one pass at a time per instance, so a
// slow SMTP server never piles up overlapping passes); several instances poll side by side,
// which the claim in mail.store.ts makes safe. The first pass runs at once: mail queued while
// the service was down goes out at boot. A pass that stopped at its limit with messages still
// due is followed at once by the next: a backlog drains at the transport's pace, not at
// MAX_BATCHES_PER_PASS × BATCH_SIZE messages per interval (100 a second by default, fewer than
// a busy instance's decisions enqueue).
import { periodicJob, type PeriodicJob } from '../platform/periodic-job.ts';
import { describeError } from './describe-error.ts';
import type { MailLog } from './deliver-due.ts';

export type Worker = PeriodicJob;

/** `run`: one delivery pass; `more` when it stopped at its limit with messages still due (the next pass then starts at once). */
export const createWorker = (o: { pollMs: number; run: () => Promise<{ more: boolean }>; log: MailLog }): Worker =>
  periodicJob({
    intervalMs: o.pollMs,
    firstAfterMs: 0,
    run: async () => ((await o.run()).more ? 'more' : undefined),
    onError: (err) => o.log.error({ error: describeError(err) }, 'mail worker pass failed'),
  });
