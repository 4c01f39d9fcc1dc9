// Attempt budgets kept in the database, so they hold across instances and sessions.
// Each attempt is *reserved* (counted as a failure) before it is evaluated; a success then
// resets the key (the account's own counter, NIST SP 800-63B rev 4 §3.2.2 RL-5) or refunds the
// reservation (keys such as the client address, which one good account must not clear).
// Back-off grows with consecutive failures up to a cap, and a refusal while waiting does not
// count (B4): so a lockout always ends by itself, it never locks anyone out for good (B5).
import { Problem } from './problems.ts';
import type { Clock } from './clock.ts';
import type { Db } from './db/connect.ts';
import { findCounter, refundAttempt, reserveAttempt, resetCounters } from './rate-limit.store.ts';

export type AttemptPolicy = {
  /** Waits in ms after n consecutive failures (index n); the last entry repeats. */
  delays: readonly number[];
  /** Failures older than this are forgotten. */
  windowMs: number;
  onSuccess: 'reset' | 'refund';
};

/** `free` attempts without delay, then doubling from 1 s up to `capMs`. */
export function backoff(free: number, capMs: number): number[] {
  const delays: number[] = Array.from({ length: free }, () => 0);
  for (let d = 1000; d < capMs; d *= 2) delays.push(d);
  delays.push(capMs);
  return delays;
}

export type Reservation = {
  /** Consecutive failures counted on the first key, this attempt included (it counts until released as a success). */
  failures: number;
  release(outcome: 'success' | 'failure'): Promise<void>;
};

export type RateLimiter = {
  /** Reserves one attempt on every key, or throws 429 too_many_attempts (nothing stays reserved). */
  reserve(keys: { key: string; policy: AttemptPolicy }[]): Promise<Reservation>;
  /** Clears a key (after a password reset, for example). */
  clear(key: string): Promise<void>;
};

export function createRateLimiter(deps: { db: Db; clock: Clock }): RateLimiter {
  const { db, clock } = deps;
  return {
    async reserve(keys) {
      const now = clock.now();
      const taken: { key: string; policy: AttemptPolicy }[] = [];
      let firstFailures = 0;
      for (const k of keys) {
        const failures = await reserveAttempt(db, k.key, now, now - k.policy.windowMs, k.policy.delays);
        if (failures === undefined) {
          for (const t of taken) await refundAttempt(db, t.key, now);
          const row = await findCounter(db, k.key);
          const waitMs = Math.max(1000, (row?.next_allowed_at ?? now) - now);
          throw new Problem('too_many_attempts', { retryAfter: Math.ceil(waitMs / 1000) });
        }
        if (taken.length === 0) firstFailures = failures;
        taken.push(k);
      }
      return {
        failures: firstFailures,
        async release(outcome) {
          if (outcome === 'failure') return;
          await resetCounters(
            db,
            taken.filter((t) => t.policy.onSuccess === 'reset').map((t) => t.key),
          );
          for (const t of taken) if (t.policy.onSuccess === 'refund') await refundAttempt(db, t.key, clock.now());
        },
      };
    },
    clear: (key) => resetCounters(db, [key]),
  };
}

/**
 * Counts one use of a budget that strangers share with its owner (an account's mail, for
 * example): true while within it, false once spent, never a 429. Callers use it to quietly
 * stop doing something for a target instead of refusing the requester.
 */
export async function withinBudget(limiter: RateLimiter, key: string, policy: AttemptPolicy): Promise<boolean> {
  try {
    const reservation = await limiter.reserve([{ key, policy }]);
    await reservation.release('failure');
    return true;
  } catch (err) {
    if (err instanceof Problem && err.code === 'too_many_attempts') return false;
    throw err;
  }
}
