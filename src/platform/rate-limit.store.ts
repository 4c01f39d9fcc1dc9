import { sql, type RawBuilder } from 'kysely';
import { compiledQuery, compiledStatement } from './db/compiled-query.ts';
import type { Executor } from './db/connect.ts';

export type CounterRow = { failures: number; next_allowed_at: number; updated_at: number };

export const findCounter = async (db: Executor, key: string): Promise<CounterRow | undefined> => (await counterOf(db, key))[0];
const counterOf = compiledQuery((db: Executor, key: string) =>
  db.selectFrom('attempt_counters').select(['failures', 'next_allowed_at', 'updated_at']).where('key', '=', key),
);

/** `CASE` giving `delays[n]` for the failure count `n` (the last delay repeats). */
function delayAfter(n: RawBuilder<number>, delays: readonly number[]): RawBuilder<number> {
  const last = delays.length - 1;
  const cases = delays.slice(0, last).map((d, i) => sql`WHEN ${n} = ${sql.lit(i)} THEN ${sql.lit(d)}`);
  return sql<number>`CASE ${sql.join(cases, sql` `)} ELSE ${sql.lit(delays[last]!)} END`;
}

/**
 * The atomic reservation: count this attempt as a failure before it is evaluated, but only if
 * the key is not in back-off; failures older than the window (`olderThan`) are forgotten first,
 * so an address is not penalised forever. `delays[n]` is the wait after n failures. One upsert
 * with a condition, so concurrent requests (on any instance) cannot all slip through:
 * PostgreSQL re-checks the condition on the row a concurrent writer just committed, SQLite
 * serialises writers; and a key a concurrent success just reset simply starts again.
 * Undefined when the key is held back.
 */
export const reserveAttempt = (db: Executor, key: string, now: number, olderThan: number, delays: readonly number[]): Promise<number | undefined> =>
  countFailure(db, key, now, olderThan, delays, true);

/**
 * Records a failure that was already evaluated (an attempt that was only counted in flight):
 * the same count and back-off as a reservation, but whether or not the key is held back now,
 * since the attempt was let through when it was not. Returns the failures now counted.
 */
export const recordFailure = async (db: Executor, key: string, now: number, olderThan: number, delays: readonly number[]): Promise<number> =>
  (await countFailure(db, key, now, olderThan, delays, false))!;

async function countFailure(
  db: Executor,
  key: string,
  now: number,
  olderThan: number,
  delays: readonly number[],
  onlyIfAllowed: boolean,
): Promise<number | undefined> {
  const shape = `${onlyIfAllowed}:${delays.join(',')}`;
  let upsert = counterUpserts.get(shape);
  if (!upsert) counterUpserts.set(shape, (upsert = counterUpsert(delays, onlyIfAllowed)));
  const first = delays[Math.min(1, delays.length - 1)]!;
  return (await upsert(db, key, now, olderThan, first === 0 ? 0 : now + first))[0]?.failures;
}

/**
 * The upsert of countFailure, built once per policy's delays (its CASE of delays is most of the
 * statement: building it cost more than running it) and then only re-bound; a handful of policies
 * exist, so the map stays small.
 */
const counterUpserts = new Map<string, ReturnType<typeof counterUpsert>>();
function counterUpsert(delays: readonly number[], onlyIfAllowed: boolean) {
  return compiledQuery((db: Executor, key: string, now: number, olderThan: number, firstAllowedAt: number) => {
    const expired = sql<boolean>`attempt_counters.updated_at < ${olderThan}`;
    const failures = sql<number>`(CASE WHEN ${expired} THEN 0 ELSE attempt_counters.failures END + 1)`;
    const nextAllowed = sql<number>`CASE WHEN ${expired} THEN 0 ELSE attempt_counters.next_allowed_at END`;
    return db
      .insertInto('attempt_counters')
      .values({ key, failures: 1, next_allowed_at: firstAllowedAt, updated_at: now })
      .onConflict((oc) => {
        const update = oc.column('key').doUpdateSet({
          failures,
          // A free attempt (no delay) leaves the time alone: moving it to this instance's `now` would
          // refuse a concurrent reservation made with a `now` a millisecond earlier.
          next_allowed_at: sql`CASE WHEN ${delayAfter(failures, delays)} = 0 THEN ${nextAllowed} ELSE CAST(${now} AS BIGINT) + ${delayAfter(failures, delays)} END`,
          updated_at: now,
        });
        return onlyIfAllowed ? update.where(sql<boolean>`${nextAllowed} <= ${now}`) : update;
      })
      .returning('failures');
  });
}

/**
 * Forgets the keys' failures. The row stays, at zero: the next reservation of the key (the same
 * account's next sign-in or decision) then updates it in place where a deleted row would be
 * inserted again, writing its table and key index both times.
 */
export async function resetCounters(db: Executor, keys: string[]): Promise<void> {
  if (keys.length > 0) await countersReset(db, keys);
}
const countersReset = compiledStatement((db: Executor, keys: readonly string[]) =>
  db.updateTable('attempt_counters').set({ failures: 0, next_allowed_at: 0 }).where('key', 'in', keys),
);

/** Gives back one reservation without clearing earlier failures (for keys a success must not reset). */
export async function refundAttempt(db: Executor, key: string, now: number): Promise<void> {
  await db
    .updateTable('attempt_counters')
    // Never later than it was: a refund on one instance must not push the time forward past a
    // `now` another instance is reserving with (that caused spurious 429s on concurrent sign-ins).
    .set({
      failures: sql`CASE WHEN failures > 0 THEN failures - 1 ELSE 0 END`,
      next_allowed_at: sql`CASE WHEN next_allowed_at > ${now} THEN CAST(${now} AS BIGINT) ELSE next_allowed_at END`,
    })
    .where('key', '=', key)
    .execute();
}

/**
 * Deletes the idle counters among the next `limit` keys after `afterKey` (in key order, through the
 * primary key: no index on `updated_at`, which every attempt moves): untouched since `idleBefore`
 * and holding nothing back at `now`. `lastKey`: where the next chunk starts, undefined at the end.
 * A reservation racing the delete finds the row gone or still there; either way it counts from
 * zero, as it would have on the idle row (failures older than the window are forgotten).
 */
export async function deleteIdleCounters(
  db: Executor,
  c: { afterKey: string; limit: number; idleBefore: number; now: number },
): Promise<{ lastKey: string | undefined; deleted: number }> {
  const chunk = await db.selectFrom('attempt_counters').select('key').where('key', '>', c.afterKey).orderBy('key').limit(c.limit).execute();
  const last = chunk.at(-1)?.key;
  if (last === undefined) return { lastKey: undefined, deleted: 0 };
  const r = await db
    .deleteFrom('attempt_counters')
    .where('key', '>', c.afterKey)
    .where('key', '<=', last)
    .where('updated_at', '<', c.idleBefore)
    .where('next_allowed_at', '<=', c.now)
    .executeTakeFirst();
  return { lastKey: chunk.length === c.limit ? last : undefined, deleted: Number(r.numDeletedRows) };
}
