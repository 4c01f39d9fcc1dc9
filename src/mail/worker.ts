// The polling loop around deliverDue(): a periodic job (one pass at a time per instance, so a
// slow SMTP server never piles up overlapping passes); several instances poll side by side,
// which the claim in mail.store.ts makes safe. The first pass runs at once: mail queued while
// the service was down goes out at boot.
import { periodicJob, type PeriodicJob } from '../platform/periodic-job.ts';
import { describeError } from './describe-error.ts';
import type { MailLog } from './deliver-due.ts';

export type Worker = PeriodicJob;

export const createWorker = (o: { pollMs: number; run: () => Promise<number>; log: MailLog }): Worker =>
  periodicJob({ intervalMs: o.pollMs, firstAfterMs: 0, run: o.run, onError: (err) => o.log.error({ error: describeError(err) }, 'mail worker pass failed') });
