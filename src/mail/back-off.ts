// The delivery budget, in one place. The numbers follow common MTA practice (RFC 5321 §4.5.4.1
// asks a sender to keep retrying for days with growing gaps; an application outbox in front of
// a relay can give up sooner, because the relay itself queues): eight attempts, 30 s doubling
// to a 1 h cap, about 2 h 7 min of trying in all, before a message is marked `failed`.

/** Attempts per message, including the first. */
export const MAX_ATTEMPTS = 8;
const RETRY_BASE_MS = 30_000;
const RETRY_CAP_MS = 60 * 60_000;

/** Messages claimed per statement. Small, so several instances share a burst. */
export const BATCH_SIZE = 10;
/** Batches per deliverDue() call, so one call (and stopWorker) ends even under a steady stream (the worker starts the next at once). */
export const MAX_BATCHES_PER_PASS = 10;

/** The longest one transport.send() may take before it counts as failed. */
export const SEND_TIMEOUT_MS = 30_000;
/**
 * How long a claim lasts. A batch is sent one message at a time, so the lease covers a whole
 * batch of sends that all time out, plus a minute's margin: a live worker never loses a claim
 * to another instance mid-batch. A crashed worker's messages become due again after it.
 */
export const LEASE_MS = BATCH_SIZE * SEND_TIMEOUT_MS + 60_000;

/** The wait after the `attempts`-th failed attempt (1-based): 30 s, 1 min, 2 min, … capped at 1 h. */
export function retryDelayMs(attempts: number): number {
  return Math.min(RETRY_BASE_MS * 2 ** Math.max(0, attempts - 1), RETRY_CAP_MS);
}
