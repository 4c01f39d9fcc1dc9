// The attempt reservation is atomic (docs/security.md B8): concurrent attempts on one key cannot
// slip past the budget, on either dialect, and a back-off always ends. A key counted in flight
// (a shared client address) lets concurrent attempts through without counting them, within a
// stated bound: free failures − 1 + max in flight per instance, then the same back-off.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS, freshDatabase, type TestDatabase } from '../../test/support/dialects.ts';
import { manualClock } from './clock.ts';
import { loadConfig } from './config.ts';
import { connectDatabase, type Database } from './db/connect.ts';
import { migrateToLatest } from './db/migrate.ts';
import { backoff, createRateLimiter, IDLE_COUNTER_KEPT_MS, type AttemptPolicy, type RateLimiter, type Reservation } from './rate-limit.ts';

const POLICY: AttemptPolicy = { delays: backoff(5, 60_000), windowMs: 3_600_000, onSuccess: 'reset' };
/** Like the second-factor address budget: 20 free failures, refunded on success, 100 in flight. */
const ADDRESS: AttemptPolicy = { delays: backoff(20, 60_000), windowMs: 3_600_000, onSuccess: 'refund', inFlight: { max: 100 } };
/** A small shared key, so the bound shows: 5 free failures, 3 in flight. */
const SHARED: AttemptPolicy = { delays: backoff(5, 60_000), windowMs: 3_600_000, onSuccess: 'refund', inFlight: { max: 3 } };

describe.each(DIALECTS)('%s: attempt budgets', (dialect) => {
  let tdb: TestDatabase;
  let database: Database;
  const clock = manualClock(Date.UTC(2026, 10, 1));
  beforeAll(async () => {
    tdb = await freshDatabase(dialect);
    database = connectDatabase(loadConfig(tdb.env).database);
    await migrateToLatest(database.db);
  });
  afterAll(async () => {
    await database.close();
    await tdb.drop();
  });

  // @see docs/security.md#b-attempt-limits-and-lockout B8
  it('lets exactly the free budget through when 50 attempts race on one key', async () => {
    const limiter = createRateLimiter({ db: database.db, clock });
    const results = await Promise.allSettled(Array.from({ length: 50 }, () => limiter.reserve([{ key: 'race', policy: POLICY }])));
    expect(results.filter((r) => r.status === 'fulfilled').length).toBe(5);
    const refused = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    expect(refused.every((r) => r.reason.code === 'too_many_attempts')).toBe(true);
  });

  // @see docs/security.md#b-attempt-limits-and-lockout B2, B5
  it('doubles the wait after each failure past the budget and caps it', () => {
    expect(backoff(2, 10_000)).toEqual([0, 0, 1000, 2000, 4000, 8000, 10_000]);
  });

  // @see docs/security.md#b-attempt-limits-and-lockout B5, B6
  it('forgets failures after the window and resets on success', async () => {
    const limiter = createRateLimiter({ db: database.db, clock });
    for (let i = 0; i < 5; i++) await (await limiter.reserve([{ key: 'w', policy: POLICY }])).release('failure');
    await expect(limiter.reserve([{ key: 'w', policy: POLICY }])).rejects.toMatchObject({ code: 'too_many_attempts', retryAfter: 1 });
    clock.advance(POLICY.windowMs + 1);
    const r = await limiter.reserve([{ key: 'w', policy: POLICY }]);
    await r.release('success');
    const row = await database.db.selectFrom('attempt_counters').selectAll().where('key', '=', 'w').executeTakeFirst();
    expect(row).toMatchObject({ failures: 0, next_allowed_at: 0 });
    for (let i = 0; i < 5; i++) await (await limiter.reserve([{ key: 'w', policy: POLICY }])).release('failure');
    await expect(limiter.reserve([{ key: 'w', policy: POLICY }])).rejects.toMatchObject({ code: 'too_many_attempts' });
  });

  // @see docs/security.md#b-attempt-limits-and-lockout B8
  it('settles a success inside the transaction it allowed: the reset commits with it, and a rollback keeps the attempt counted', async () => {
    const limiter = createRateLimiter({ db: database.db, clock });
    const counted = async (key: string) =>
      (await database.db.selectFrom('attempt_counters').select('failures').where('key', '=', key).executeTakeFirst())?.failures ?? 0;
    const failed = await limiter.reserve([{ key: 'tx', policy: POLICY }]);
    await failed.release('failure');
    const rolledBack = await limiter.reserve([{ key: 'tx', policy: POLICY }]);
    await expect(
      database.db.transaction().execute(async (tx) => {
        await rolledBack.release('success', tx);
        throw new Error('the work failed at its end');
      }),
    ).rejects.toThrow('the work failed at its end');
    await rolledBack.release('success'); // settled already: does nothing
    expect(await counted('tx')).toBe(2);
    const committed = await limiter.reserve([{ key: 'tx', policy: POLICY }]);
    await database.db.transaction().execute((tx) => committed.release('success', tx));
    expect(await counted('tx')).toBe(0);
  });
  // @see docs/security.md#b-attempt-limits-and-lockout B8
  it('gives back every reservation when one key of several refuses', async () => {
    const limiter = createRateLimiter({ db: database.db, clock });
    for (let i = 0; i < 5; i++) await (await limiter.reserve([{ key: 'full', policy: POLICY }])).release('failure');
    const before = await database.db.selectFrom('attempt_counters').select('failures').where('key', '=', 'other').executeTakeFirst();
    await expect(
      limiter.reserve([
        { key: 'other', policy: POLICY },
        { key: 'full', policy: POLICY },
      ]),
    ).rejects.toMatchObject({ code: 'too_many_attempts' });
    const after = await database.db.selectFrom('attempt_counters').select('failures').where('key', '=', 'other').executeTakeFirst();
    expect(after?.failures ?? 0).toBe(before?.failures ?? 0);
  });

  const counter = (key: string) => database.db.selectFrom('attempt_counters').select(['failures', 'next_allowed_at']).where('key', '=', key).executeTakeFirst();
  /** Fires `n` attempts on `key` at once; each one let through fails. How many were let through. */
  async function wave(limiter: RateLimiter, key: string, n: number): Promise<number> {
    const results = await Promise.allSettled(Array.from({ length: n }, () => limiter.reserve([{ key, policy: SHARED }])));
    const refused = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    expect(refused.every((r) => r.reason.code === 'too_many_attempts' && r.reason.retryAfter >= 1)).toBe(true);
    const taken = results.filter((r): r is PromiseFulfilledResult<Reservation> => r.status === 'fulfilled');
    await Promise.all(taken.map((r) => r.value.release('failure')));
    return taken.length;
  }

  // @see docs/security.md#b-attempt-limits-and-lockout B8 (honest people behind one address are not counted as failures)
  it('lets 30 attempts at once from one address for 30 users through, and their successes write nothing for the address', async () => {
    const limiter = createRateLimiter({ db: database.db, clock });
    const reservations = await Promise.all(
      Array.from({ length: 30 }, (_, i) =>
        limiter.reserve([
          { key: `office-user-${i}`, policy: POLICY },
          { key: 'office', policy: ADDRESS },
        ]),
      ),
    );
    expect(reservations.map((r) => r.failures)).toEqual(Array.from({ length: 30 }, () => 1));
    await Promise.all(reservations.map((r) => r.release('success')));
    expect(await counter('office')).toBeUndefined();
    // The users' own keys were reserved before the check, as always, and reset by the success.
    expect(await counter('office-user-0')).toEqual({ failures: 0, next_allowed_at: 0 });
  });

  // @see docs/security.md#b-attempt-limits-and-lockout B8
  it('evaluates at most free − 1 + max wrong attempts on a key counted in flight, then holds it back like any other', async () => {
    const limiter = createRateLimiter({ db: database.db, clock });
    // The worst timing: four failures settle, then a burst arrives while the fifth is still free.
    expect(await wave(limiter, 'burst', 1)).toBe(1);
    expect(await wave(limiter, 'burst', 1)).toBe(1);
    expect(await wave(limiter, 'burst', 2)).toBe(2);
    expect(await wave(limiter, 'burst', 50)).toBe(3);
    expect(await counter('burst')).toMatchObject({ failures: 7 });
    expect(await wave(limiter, 'burst', 50)).toBe(0);
    // Past its free failures, each wait lets one attempt through, reserved before it is checked.
    clock.advance(60_000);
    expect(await wave(limiter, 'burst', 50)).toBe(1);
    expect(await wave(limiter, 'burst', 50)).toBe(0);
    expect(await counter('burst')).toMatchObject({ failures: 8 });
  });

  // @see docs/security.md#b-attempt-limits-and-lockout B8
  it('bounds a burst spread over two instances by free − 1 + max on each', async () => {
    const one = createRateLimiter({ db: database.db, clock });
    const two = createRateLimiter({ db: database.db, clock });
    for (let i = 0; i < 4; i++) expect(await wave(one, 'spread', 1)).toBe(1);
    const [a, b] = await Promise.all([wave(one, 'spread', 25), wave(two, 'spread', 25)]);
    expect(a + b).toBeLessThanOrEqual(6);
    expect(await wave(two, 'spread', 50)).toBe(0);
  });

  // @see docs/security.md#b-attempt-limits-and-lockout B8
  it('takes an attempt out of flight on success and on failure, once only, and a refused reservation leaves nothing behind', async () => {
    const limiter = createRateLimiter({ db: database.db, clock });
    const ONE: AttemptPolicy = { ...SHARED, inFlight: { max: 1 } };
    const take = () => limiter.reserve([{ key: 'slot', policy: ONE }]);
    const first = await take();
    await expect(take()).rejects.toMatchObject({ code: 'too_many_attempts', retryAfter: 1 });
    await first.release('success');
    await first.release('success'); // a second release frees no second place
    const second = await take();
    await expect(take()).rejects.toMatchObject({ code: 'too_many_attempts' });
    await second.release('failure');
    expect(await counter('slot')).toMatchObject({ failures: 1 });
    await (await take()).release('success');
    expect(await counter('slot')).toMatchObject({ failures: 1 });

    // All or nothing: a later key that refuses gives the place in flight back, and an earlier
    // reserved key its reservation; a key in flight that refuses gives back the keys before it.
    for (let i = 0; i < 5; i++) await (await limiter.reserve([{ key: 'closed', policy: POLICY }])).release('failure');
    await expect(
      limiter.reserve([
        { key: 'slot', policy: ONE },
        { key: 'closed', policy: POLICY },
      ]),
    ).rejects.toMatchObject({ code: 'too_many_attempts' });
    const held = await take();
    await expect(
      limiter.reserve([
        { key: 'before', policy: POLICY },
        { key: 'slot', policy: ONE },
      ]),
    ).rejects.toMatchObject({ code: 'too_many_attempts' });
    expect((await counter('before'))?.failures ?? 0).toBe(0);
    await held.release('success');
    expect(await counter('slot')).toMatchObject({ failures: 1 });
  });

  // @see docs/security.md#b-attempt-limits-and-lockout B4, B8
  it('refuses a key counted in flight while it waits, with the same Retry-After, without counting the refusal', async () => {
    const limiter = createRateLimiter({ db: database.db, clock });
    for (let i = 0; i < 5; i++) expect(await wave(limiter, 'waiting', 1)).toBe(1);
    const before = await counter('waiting');
    await expect(limiter.reserve([{ key: 'waiting', policy: SHARED }])).rejects.toMatchObject({ code: 'too_many_attempts', retryAfter: 1 });
    expect(await counter('waiting')).toEqual(before);
  });
  // @see docs/security.md#f-sessions-step-up-and-the-sign-in-states F14
  it('deletes counters idle for a week chunk by chunk, keeps recent ones and those still holding back, and a deleted key counts from zero', async () => {
    const db = database.db;
    await db.deleteFrom('attempt_counters').execute();
    const now = clock.now();
    const idle = now - IDLE_COUNTER_KEPT_MS - 1;
    const row = (key: string, updated_at: number, next_allowed_at = 0) => ({ key, failures: 7, next_allowed_at, updated_at });
    await db
      .insertInto('attempt_counters')
      .values([row('a:idle', idle), row('b:recent', now - 60_000), row('c:idle', idle), row('d:held-back', idle, now + 60_000), row('e:idle', idle)])
      .execute();
    const limiter = createRateLimiter({ db, clock });
    const passes: (number | 'more')[] = [];
    do passes.push(await limiter.sweepIdle(2));
    while (passes.at(-1) === 'more');
    expect(passes).toEqual(['more', 'more', 1]);
    const left = await db.selectFrom('attempt_counters').select('key').orderBy('key').execute();
    expect(left.map((r) => r.key)).toEqual(['b:recent', 'd:held-back']);
    // The next walk starts again from the first key.
    expect(await limiter.sweepIdle(2)).toBe('more');
    // A key the sweep deleted starts again with a full budget.
    expect((await limiter.reserve([{ key: 'a:idle', policy: POLICY }])).failures).toBe(1);
  });
});
