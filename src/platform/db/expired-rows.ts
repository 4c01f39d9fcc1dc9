// Rows that stopped working are deleted once nothing can read them again: a session, a
// challenge, a reset or guest token, a trusted device, an SSO flow, a TOTP step, each kept only
// as a hash or a flag and refused past its expiry. They were never deleted, so every table
// that issues one grew with each sign-in and decision, a user's own lookups (the open
// challenges a new code voids, the reset tokens a new one voids) walking all of that user's
// past rows, and each row kept what it held (an address, a user agent, an SSO verifier). The
// audit trail keeps the events for good. Each domain names the rules of its own tables; a
// periodic job on every instance runs them (main.ts), a batch per statement, found through
// an index on the column each rule reads (the plans are tested: store-indexes.test.ts).
import { sql } from 'kysely';
import type { Executor } from './connect.ts';
import type { DB } from './tables.ts';

/** A table's rows are deleted `keptMs` after the time in `column` (their expiry), found by `key` (the primary key). */
export type ExpiredRows = { table: keyof DB; key: readonly string[]; column: string; keptMs: number };

export const DAY_MS = 86_400_000;
/** Rows deleted per statement (and per turn of the event loop it takes). */
const BATCH = 500;

/** The delete of one batch of `rule`'s rows whose time is before `before`, compiled (its plan is tested). */
export function expiredRowsStatement(db: Executor, rule: ExpiredRows, before: number, limit: number) {
  const key = sql.join(rule.key.map((c) => sql.ref(c)));
  const table = sql.table(rule.table);
  return sql`delete from ${table} where (${key}) in (select ${key} from ${table} where ${sql.ref(rule.column)} < ${before} limit ${limit})`.compile(db);
}

/**
 * Deletes a batch of each rule's expired rows; 'more' when a batch came back full (the job then
 * runs again at once), else how many were deleted.
 */
export async function deleteExpiredRows(db: Executor, rules: readonly ExpiredRows[], now: number, batch = BATCH): Promise<number | 'more'> {
  let deleted = 0;
  let more = false;
  for (const rule of rules) {
    const n = Number((await db.executeQuery(expiredRowsStatement(db, rule, now - rule.keptMs, batch))).numAffectedRows ?? 0);
    deleted += n;
    more ||= n === batch;
  }
  return more ? 'more' : deleted;
}
