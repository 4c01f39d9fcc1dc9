// Attempt budgets kept in the database, so they hold across instances and sessions.
// Each attempt is *reserved* (counted as a failure) before it is evaluated; a success then
// resets the key (the account's own counter, NIST SP 800-63B rev 4 §3.2.2 RL-5) or refunds the
// reservation (keys such as the client address, which one good account must not clear).
// Back-off grows with consecutive failures up to a cap, and a refusal while waiting does not
// count (B4): so a lockout always ends by itself, it never locks anyone out for good (B5).
// A key many honest people share (the client address of an office behind one NAT) may instead
// count attempts *in flight* (policy `inFlight`): while it has free failures left, an attempt
// being evaluated is held in this instance's memory (at most `max` at once) and reaches the
// database only if it fails, so twenty people confirming at the same moment are not taken for
// twenty failures. The cost is a bounded burst: free failures − 1 + max per instance before the
// back-off (docs/security.md Limits); past its free failures the key is reserved as above.
import { Problem } from './problems.ts';
import type { Clock } from './clock.ts';
import type { Db, Executor } from './db/connect.ts';
import { deleteIdleCounters, findCounter, recordFailure, refundAttempt, reserveAttempt, resetCounters } from './rate-limit.store.ts';

export type AttemptPolicy = {
  /** Waits in ms after n consecutive failures (index n); the last entry repeats. */
  delays: readonly number[];
  /** Failures older than this are forgotten. */
  windowMs: number;
  onSuccess: 'reset' | 'refund';
  /**
   * Counts an attempt only once it has failed, while the key has free failures left: until then
   * it is held in memory, at most `max` at once per key on this instance (a crash cannot leave
   * one stuck). For keys honest people share and a success refunds (a client address); never for
   * a budget of uses (withinBudget), which must count a use before it happens.
   */
  inFlight?: { max: number };
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
  /**
   * Settles the attempt, once. A success may be settled inside the transaction that acts on it
   * (`ex`): its reset or refund then commits with that work, and a rollback keeps the attempt
   * counted, as a failure would be. A failure is recorded on its own, whatever happens next.
   */
  release(outcome: 'success' | 'failure', ex?: Executor): Promise<void>;
};

export type RateLimiter = {
  /** Reserves one attempt on every key (or holds it in flight: AttemptPolicy.inFlight), or throws 429 too_many_attempts (nothing stays reserved). */
  reserve(keys: { key: string; policy: AttemptPolicy }[]): Promise<Reservation>;
  /** Clears a key (after a password reset, for example). */
  clear(key: string): Promise<void>;
  /**
   * Deletes the counters idle for a week (longer than any policy's window) among the next `chunk`
   * keys of the table, walking it chunk by chunk across calls: 'more' until the end of the table.
   * Each client address and each email tried adds a key, so without this the table only grows.
   */
  sweepIdle(chunk?: number): Promise<number | 'more'>;
};

/** A counter untouched this long is deleted: a week, past every policy's window (a day at most). */
export const IDLE_COUNTER_KEPT_MS = 7 * 24 * 60 * 60_000;

/** Failures that cost no wait: the leading zero delays. */
function freeFailures(delays: readonly number[]): number {
  const firstWait = delays.findIndex((d) => d > 0);
  return firstWait === -1 ? Infinity : firstWait;
}

const refusal = (waitMs: number) => new Problem('too_many_attempts', { retryAfter: Math.ceil(Math.max(1000, waitMs) / 1000) });

export function createRateLimiter(deps: { db: Db; clock: Clock }): RateLimiter {
  const { db, clock } = deps;
  /** Attempts being evaluated on this instance, per key counted in flight. */
  const inFlight = new Map<string, number>();
  /** Where this instance's walk of the counters goes on (sweepIdle). */
  let sweptTo = '';
  const leave = (key: string) => {
    const n = (inFlight.get(key) ?? 1) - 1;
    if (n > 0) inFlight.set(key, n);
    else inFlight.delete(key);
  };

  /** One attempt on one key, or a 429 refusal: held in memory when its policy allows, else reserved in the database. */
  async function take(key: string, policy: AttemptPolicy, now: number): Promise<{ failures: number; inMemory: boolean }> {
    if (policy.inFlight) {
      const row = await findCounter(db, key);
      const settled = row && row.updated_at >= now - policy.windowMs ? row : undefined;
      const failures = settled?.failures ?? 0;
      if ((settled?.next_allowed_at ?? 0) > now) throw refusal(settled!.next_allowed_at - now);
      if (failures < freeFailures(policy.delays)) {
        // Checked and counted with no await in between: this instance admits at most `max`.
        const n = inFlight.get(key) ?? 0;
        if (n >= policy.inFlight.max) throw refusal(0);
        inFlight.set(key, n + 1);
        return { failures: failures + 1, inMemory: true };
      }
      // Past its free failures, one attempt at a time gets through a wait: reserve it as before.
    }
    const failures = await reserveAttempt(db, key, now, now - policy.windowMs, policy.delays);
    if (failures === undefined) {
      const row = await findCounter(db, key);
      throw refusal((row?.next_allowed_at ?? now) - now);
    }
    return { failures, inMemory: false };
  }

  return {
    async reserve(keys) {
      const now = clock.now();
      const taken: { key: string; policy: AttemptPolicy; inMemory: boolean }[] = [];
      let firstFailures = 0;
      try {
        for (const k of keys) {
          const t = await take(k.key, k.policy, now);
          if (taken.length === 0) firstFailures = t.failures;
          taken.push({ ...k, inMemory: t.inMemory });
        }
      } catch (err) {
        // All or nothing: a refusal (or an error) on a later key gives back the earlier ones.
        for (const t of taken) if (t.inMemory) leave(t.key);
        for (const t of taken) if (!t.inMemory) await refundAttempt(db, t.key, now);
        throw err;
      }
      let released = false;
      return {
        failures: firstFailures,
        async release(outcome, ex = db) {
          // Once only: a second release would let more than `max` into flight.
          if (released) return;
          released = true;
          for (const t of taken) if (t.inMemory) leave(t.key);
          const at = clock.now();
          if (outcome === 'failure') {
            for (const t of taken) if (t.inMemory) await recordFailure(db, t.key, at, at - t.policy.windowMs, t.policy.delays);
            return;
          }
          await resetCounters(
            ex,
            taken.filter((t) => t.policy.onSuccess === 'reset').map((t) => t.key),
          );
          for (const t of taken) if (!t.inMemory && t.policy.onSuccess === 'refund') await refundAttempt(ex, t.key, at);
        },
      };
    },
    clear: (key) => resetCounters(db, [key]),
    async sweepIdle(chunk = 1000) {
      const now = clock.now();
      const { lastKey, deleted } = await deleteIdleCounters(db, { afterKey: sweptTo, limit: chunk, idleBefore: now - IDLE_COUNTER_KEPT_MS, now });
      sweptTo = lastKey ?? '';
      return lastKey === undefined ? deleted : 'more';
    },
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
