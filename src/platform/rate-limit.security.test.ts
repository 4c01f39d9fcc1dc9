// The attempt reservation is atomic (docs/security.md B8): concurrent attempts on one key cannot
// slip past the budget, on either dialect, and a back-off always ends.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS, freshDatabase, type TestDatabase } from '../../test/support/dialects.ts';
import { manualClock } from './clock.ts';
import { loadConfig } from './config.ts';
import { connectDatabase, type Database } from './db/connect.ts';
import { migrateToLatest } from './db/migrate.ts';
import { backoff, createRateLimiter, type AttemptPolicy } from './rate-limit.ts';

const POLICY: AttemptPolicy = { delays: backoff(5, 60_000), windowMs: 3_600_000, onSuccess: 'reset' };

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
    expect(row).toBeUndefined();
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
});
