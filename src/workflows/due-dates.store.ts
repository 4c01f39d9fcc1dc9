// SQL for due dates (migration 0013): the open rounds with due work, and the claims that make
// each reminder and the overdue action happen once across instances. Every claim is one
// conditional UPDATE (… WHERE <column> IS NULL AND closed_at IS NULL), run in the transaction
// that does the work: a second instance, or a decision that closed the round first, updates
// no row and does nothing (a row lock on PostgreSQL, the write lock on SQLite).
import { sql } from 'kysely';
import type { Executor, Tx } from '../platform/db/connect.ts';
import type { ItemId, OrgId } from '../platform/ids.ts';
import { DAY_MS, type ReminderKind } from './due-times.ts';

export type DueRound = {
  item_id: ItemId;
  round: number;
  org_id: OrgId;
  step_index: number;
  opened_at: number;
  due_at: number;
  reminded_half_at: number | null;
  reminded_day_at: number | null;
  overdue_at: number | null;
};

const orNull = (v: number | null) => (v === null ? null : Number(v));

/** Open rounds of items in review with a reminder or the overdue mark due at `now`, oldest due first. */
export async function listRoundsWithDueWork(db: Executor, now: number, limit: number): Promise<DueRound[]> {
  const rows = await db
    .selectFrom('item_rounds')
    .innerJoin('items', (j) => j.onRef('items.id', '=', 'item_rounds.item_id').onRef('items.round', '=', 'item_rounds.round'))
    .select([
      'item_rounds.item_id',
      'item_rounds.round',
      'item_rounds.org_id',
      'item_rounds.step_index',
      'item_rounds.opened_at',
      'item_rounds.due_at',
      'item_rounds.reminded_half_at',
      'item_rounds.reminded_day_at',
      'item_rounds.overdue_at',
    ])
    .where('item_rounds.closed_at', 'is', null)
    .where('item_rounds.due_at', 'is not', null)
    .where('item_rounds.overdue_at', 'is', null)
    .where('items.status', '=', 'in_review')
    .where((eb) =>
      eb.or([
        eb('item_rounds.due_at', '<=', now),
        eb.and([eb('item_rounds.reminded_half_at', 'is', null), eb(sql`item_rounds.opened_at + (item_rounds.due_at - item_rounds.opened_at) / 2`, '<=', now)]),
        eb.and([eb('item_rounds.reminded_day_at', 'is', null), eb(sql`item_rounds.due_at - ${DAY_MS}`, '<=', now)]),
      ]),
    )
    .orderBy('item_rounds.due_at')
    .limit(limit)
    .execute();
  return rows.map((r) => ({
    ...r,
    round: Number(r.round),
    step_index: Number(r.step_index),
    opened_at: Number(r.opened_at),
    due_at: Number(r.due_at),
    reminded_half_at: orNull(r.reminded_half_at),
    reminded_day_at: orNull(r.reminded_day_at),
    overdue_at: orNull(r.overdue_at),
  }));
}

/**
 * Locks the item's row while it is still in review at `round`, changing nothing: a reminder
 * takes the locks in the order a decision does (item, then round, then the audit head), so the
 * two never deadlock on PostgreSQL. False when the round is over.
 */
export async function lockOpenItem(tx: Tx, itemId: ItemId, round: number): Promise<boolean> {
  const r = await tx
    .updateTable('items')
    .set((eb) => ({ round: eb.ref('round') }))
    .where('id', '=', itemId)
    .where('round', '=', round)
    .where('status', '=', 'in_review')
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/**
 * Claims one reminder of the round; true when this call did. `settleOther` also fills the other
 * reminder's column when it is still empty: a day-before reminder makes a half-time one that
 * was missed pointless, and a step without a day-before reminder is done after half time.
 */
export async function claimRoundReminder(tx: Tx, itemId: ItemId, round: number, kind: ReminderKind, now: number, settleOther: boolean): Promise<boolean> {
  const [mine, other] = kind === 'half' ? (['reminded_half_at', 'reminded_day_at'] as const) : (['reminded_day_at', 'reminded_half_at'] as const);
  const r = await tx
    .updateTable('item_rounds')
    .set((eb) => ({ [mine]: now, ...(settleOther ? { [other]: eb.fn.coalesce(other, eb.val(now)) } : {}) }))
    .where('item_id', '=', itemId)
    .where('round', '=', round)
    .where(mine, 'is', null)
    .where('closed_at', 'is', null)
    .where('overdue_at', 'is', null)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** Marks the round overdue (no reminder after it) and its tasks with it; true when this call did. */
export async function claimRoundOverdue(tx: Tx, itemId: ItemId, round: number, now: number): Promise<boolean> {
  const r = await tx
    .updateTable('item_rounds')
    .set((eb) => ({
      overdue_at: now,
      reminded_half_at: eb.fn.coalesce('reminded_half_at', eb.val(now)),
      reminded_day_at: eb.fn.coalesce('reminded_day_at', eb.val(now)),
    }))
    .where('item_id', '=', itemId)
    .where('round', '=', round)
    .where('overdue_at', 'is', null)
    .where('closed_at', 'is', null)
    .executeTakeFirst();
  if (Number(r.numUpdatedRows) !== 1) return false;
  await tx.updateTable('tasks').set({ overdue: 1 }).where('item_id', '=', itemId).where('round', '=', round).execute();
  return true;
}

/** Reviewers of the round who have not decided: people by id, guests with their invite. */
export function listUndecided(db: Executor, itemId: ItemId, round: number) {
  return db
    .selectFrom('tasks')
    .leftJoin('guest_invites', 'guest_invites.id', 'tasks.invite_id')
    .select(['tasks.reviewer_key', 'tasks.user_id', 'tasks.invite_id'])
    .select(['guest_invites.name as guest_name', 'guest_invites.email as guest_email', 'guest_invites.revoked_at'])
    .where('tasks.item_id', '=', itemId)
    .where('tasks.round', '=', round)
    .where('tasks.open', '=', 1)
    .orderBy('tasks.id')
    .execute();
}

/** Everyone with a task in the round, decided or not: user ids and guests' addresses (escalation skips them). */
export async function listRoundParticipants(db: Executor, itemId: ItemId, round: number): Promise<{ userIds: Set<string>; guestEmails: Set<string> }> {
  const rows = await db
    .selectFrom('tasks')
    .leftJoin('guest_invites', 'guest_invites.id', 'tasks.invite_id')
    .select(['tasks.user_id', 'guest_invites.email'])
    .where('tasks.item_id', '=', itemId)
    .where('tasks.round', '=', round)
    .execute();
  return {
    userIds: new Set(rows.flatMap((r) => (r.user_id ? [r.user_id] : []))),
    guestEmails: new Set(rows.flatMap((r) => (r.email ? [r.email.toLowerCase()] : []))),
  };
}

/** Closes the undecided tasks of the round (threshold "all" at escalation); how many closed. */
export async function closeUndecidedTasks(tx: Tx, itemId: ItemId, round: number): Promise<number> {
  const r = await tx.updateTable('tasks').set({ open: 0 }).where('item_id', '=', itemId).where('round', '=', round).where('open', '=', 1).executeTakeFirst();
  return Number(r.numUpdatedRows);
}

/** Changes the round's reviewer count (the number threshold "all" needs); the new count. */
export async function adjustRoundReviewers(tx: Tx, itemId: ItemId, round: number, delta: number): Promise<number> {
  await tx
    .updateTable('item_rounds')
    .set((eb) => ({ reviewers: eb('reviewers', '+', delta) }))
    .where('item_id', '=', itemId)
    .where('round', '=', round)
    .execute();
  const row = await tx.selectFrom('item_rounds').select('reviewers').where('item_id', '=', itemId).where('round', '=', round).executeTakeFirst();
  return Number(row?.reviewers ?? 0);
}
