// The reminder ledger, `enrollment_reminders` (migration 0004): one row per user per period,
// PRIMARY KEY (user_id, period). Claiming a row is the guarantee that a reminder goes out once,
// however many instances run the scheduler at the same moment; the row also feeds the coverage
// view's "reminders sent".
import type { Executor, Tx } from '../../platform/db/connect.ts';
import type { OrgId, UserId } from '../../platform/ids.ts';

export type ReminderClaim = { userId: UserId; orgId: OrgId; period: string; mode: string; sentAt: number };

/**
 * Inserts the ledger row unless one exists; true when this call inserted it. On PostgreSQL a
 * concurrent insert of the same key waits for the other transaction and then does nothing, so
 * exactly one caller sees `true` (ON CONFLICT DO NOTHING … RETURNING).
 */
export async function claimReminder(tx: Tx, c: ReminderClaim): Promise<boolean> {
  const row = await tx
    .insertInto('enrollment_reminders')
    .values({ user_id: c.userId, period: c.period, org_id: c.orgId, mode: c.mode, sent_at: c.sentAt })
    .onConflict((oc) => oc.columns(['user_id', 'period']).doNothing())
    .returning('user_id')
    .executeTakeFirst();
  return row !== undefined;
}

/** Users of the organisation already reminded in this period (skipped without further reads). */
export async function listRemindedUserIds(db: Executor, orgId: OrgId, period: string): Promise<Set<string>> {
  const rows = await db.selectFrom('enrollment_reminders').select('user_id').where('org_id', '=', orgId).where('period', '=', period).execute();
  return new Set(rows.map((r) => r.user_id));
}

/** Reminders the organisation sent since `since` (ms), or ever. */
export async function countReminders(db: Executor, orgId: OrgId, since?: number): Promise<number> {
  let q = db
    .selectFrom('enrollment_reminders')
    .select((eb) => eb.fn.countAll<number | string>().as('n'))
    .where('org_id', '=', orgId);
  if (since !== undefined) q = q.where('sent_at', '>=', since);
  return Number((await q.executeTakeFirst())?.n ?? 0);
}
