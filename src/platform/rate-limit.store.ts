import { sql } from 'kysely';
import type { Executor } from './db/connect.ts';

export type CounterRow = { failures: number; next_allowed_at: number; updated_at: number };

export const findCounter = (db: Executor, key: string): Promise<CounterRow | undefined> =>
  db.selectFrom('attempt_counters').select(['failures', 'next_allowed_at', 'updated_at']).where('key', '=', key).executeTakeFirst();

export async function ensureCounter(db: Executor, key: string, now: number): Promise<void> {
  await db.insertInto('attempt_counters').values({ key, failures: 0, next_allowed_at: 0, updated_at: now })
    .onConflict((oc) => oc.column('key').doNothing()).execute();
}

/** Forgets failures older than the window, so an address is not penalised forever. */
export async function expireCounter(db: Executor, key: string, olderThan: number): Promise<void> {
  await db.updateTable('attempt_counters').set({ failures: 0, next_allowed_at: 0 })
    .where('key', '=', key).where('updated_at', '<', olderThan).execute();
}

/**
 * The atomic reservation: count this attempt as a failure before it is evaluated, but only if
 * the key is not in back-off. `delays[n]` is the wait after n failures. One UPDATE with a
 * condition, so concurrent requests (on any instance) cannot all slip through: PostgreSQL
 * re-checks the WHERE clause on the row a concurrent writer just committed, SQLite serialises
 * writers.
 */
export async function reserveAttempt(db: Executor, key: string, now: number, delays: readonly number[]): Promise<number | undefined> {
  const last = delays.length - 1;
  const cases = delays.slice(0, last).map((d, n) => sql`WHEN failures + 1 = ${sql.lit(n)} THEN ${sql.lit(d)}`);
  const delay = sql<number>`CASE ${sql.join(cases, sql` `)} ELSE ${sql.lit(delays[last]!)} END`;
  const row = await db.updateTable('attempt_counters')
    // A free attempt (no delay) leaves the time alone: moving it to this instance's `now` would
    // refuse a concurrent reservation made with a `now` a millisecond earlier.
    .set({ failures: sql`failures + 1`, next_allowed_at: sql`CASE WHEN ${delay} = 0 THEN next_allowed_at ELSE CAST(${now} AS BIGINT) + ${delay} END`, updated_at: now })
    .where('key', '=', key).where('next_allowed_at', '<=', now)
    .returning('failures').executeTakeFirst();
  return row?.failures;
}

export async function resetCounter(db: Executor, key: string): Promise<void> {
  await db.deleteFrom('attempt_counters').where('key', '=', key).execute();
}

/** Gives back one reservation without clearing earlier failures (for keys a success must not reset). */
export async function refundAttempt(db: Executor, key: string, now: number): Promise<void> {
  await db.updateTable('attempt_counters')
    // Never later than it was: a refund on one instance must not push the time forward past a
    // `now` another instance is reserving with (that caused spurious 429s on concurrent sign-ins).
    .set({ failures: sql`CASE WHEN failures > 0 THEN failures - 1 ELSE 0 END`, next_allowed_at: sql`CASE WHEN next_allowed_at > ${now} THEN CAST(${now} AS BIGINT) ELSE next_allowed_at END` })
    .where('key', '=', key).execute();
}
