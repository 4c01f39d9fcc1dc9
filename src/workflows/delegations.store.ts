// SQL for out-of-office delegation: one row per user who names a delegate for a period. A
// delegation counts at a moment when it has not been ended and the moment lies in
// [starts_at, ends_at). Nothing here follows a chain: only A's own row lets B act for A.
import type { ExpressionBuilder, Selectable } from 'kysely';
import { compiledQuery } from '../platform/db/compiled-query.ts';
import type { Executor, Tx } from '../platform/db/connect.ts';
import type { DB } from '../platform/db/tables.ts';
import type { ItemId, OrgId, UserId } from '../platform/ids.ts';

export type DelegationRow = Selectable<DB['delegations']>;

export const findDelegation = (db: Executor, orgId: OrgId, userId: UserId): Promise<DelegationRow | undefined> =>
  db.selectFrom('delegations').selectAll().where('org_id', '=', orgId).where('user_id', '=', userId).executeTakeFirst();

/** Sets (or replaces) the user's delegation. */
export async function upsertDelegation(tx: Tx, row: DelegationRow): Promise<void> {
  const { user_id: _key, ...rest } = row;
  await tx
    .insertInto('delegations')
    .values(row)
    .onConflict((oc) => oc.column('user_id').doUpdateSet(rest))
    .execute();
}

/** Ends the user's delegation now; false when there was none still running or to come. */
export async function endDelegation(tx: Tx, orgId: OrgId, userId: UserId, now: number): Promise<boolean> {
  const r = await tx
    .updateTable('delegations')
    .set({ ended_at: now })
    .where('org_id', '=', orgId)
    .where('user_id', '=', userId)
    .where('ended_at', 'is', null)
    .where('ends_at', '>', now)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** A's own delegation names B (`delegateId`) and runs at `now`. */
const namesRunningDelegate = (eb: ExpressionBuilder<DB, 'delegations'>, orgId: OrgId, userId: UserId, delegateId: UserId, now: number) =>
  eb.and([
    eb('org_id', '=', orgId),
    eb('user_id', '=', userId),
    eb('delegate_user_id', '=', delegateId),
    eb('ended_at', 'is', null),
    eb('starts_at', '<=', now),
    eb('ends_at', '>', now),
  ]);

/** Whether `delegateId` may act for `userId` at `now`: A's own delegation names B and runs. */
export async function isActiveDelegate(db: Executor, orgId: OrgId, userId: UserId, delegateId: UserId, now: number): Promise<boolean> {
  const row = await db
    .selectFrom('delegations')
    .select('user_id')
    .where((eb) => namesRunningDelegate(eb, orgId, userId, delegateId, now))
    .executeTakeFirst();
  return row !== undefined;
}

/**
 * isActiveDelegate inside a transaction, holding the delegation's row until it ends (a no-op
 * UPDATE): an end or a change of the delegation committed meanwhile is seen (PostgreSQL waits
 * for it, then reads the row again), and one that comes later waits for this transaction.
 */
export async function holdActiveDelegation(tx: Tx, orgId: OrgId, userId: UserId, delegateId: UserId, now: number): Promise<boolean> {
  const r = await tx
    .updateTable('delegations')
    .set((eb) => ({ ended_at: eb.ref('ended_at') }))
    .where((eb) => namesRunningDelegate(eb, orgId, userId, delegateId, now))
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** The users B stands in for at `now`. */
export async function listDelegators(db: Executor, orgId: OrgId, delegateId: UserId, now: number): Promise<UserId[]> {
  return (await runningDelegators(db, orgId, delegateId, now)).map((r) => r.user_id);
}

/** Built once per dialect (compiled-query.ts): every task list asks. */
const runningDelegators = compiledQuery((db: Executor, orgId: OrgId, delegateId: UserId, now: number) =>
  db
    .selectFrom('delegations')
    .select('user_id')
    .where('org_id', '=', orgId)
    .where('delegate_user_id', '=', delegateId)
    .where('ended_at', 'is', null)
    .where('starts_at', '<=', now)
    .where('ends_at', '>', now),
);

/** The running delegations of these users (for mailing their delegates about a new task). */
export const listActiveDelegationsOf = (db: Executor, orgId: OrgId, userIds: UserId[], now: number): Promise<DelegationRow[]> =>
  userIds.length === 0
    ? Promise.resolve([])
    : db
        .selectFrom('delegations')
        .selectAll()
        .where('org_id', '=', orgId)
        .where('user_id', 'in', userIds)
        .where('ended_at', 'is', null)
        .where('starts_at', '<=', now)
        .where('ends_at', '>', now)
        .execute();

/** Whether the user's own delegation (not ended) overlaps [from, until): they are away then themself. */
export async function isAwayDuring(db: Executor, orgId: OrgId, userId: UserId, from: number, until: number, now: number): Promise<boolean> {
  const row = await db
    .selectFrom('delegations')
    .select('user_id')
    .where('org_id', '=', orgId)
    .where('user_id', '=', userId)
    .where('ended_at', 'is', null)
    .where('ends_at', '>', now)
    .where('starts_at', '<', until)
    .where('ends_at', '>', from)
    .executeTakeFirst();
  return row !== undefined;
}

/** How many open tasks the user holds (told to a new delegate). */
export async function countOpenTasks(db: Executor, userId: UserId): Promise<number> {
  const row = await db
    .selectFrom('tasks')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('user_id', '=', userId)
    .where('open', '=', 1)
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}

/** Whether the user has a vote in this round, in any capacity (their own, or for someone). */
export async function hasVotedInRound(db: Executor, itemId: ItemId, round: number, userId: UserId): Promise<boolean> {
  return (await votesInRound(db, itemId, round, userId)).length > 0;
}
const votesInRound = compiledQuery((db: Executor, itemId: ItemId, round: number, userId: UserId) =>
  db.selectFrom('votes').select('id').where('item_id', '=', itemId).where('round', '=', round).where('user_id', '=', userId),
);

/** Whether the user decided anything on this item for someone (they may read it afterwards). */
export async function actedOnBehalf(db: Executor, itemId: ItemId, userId: UserId): Promise<boolean> {
  return (await votesForSomeone(db, itemId, userId)).length > 0;
}
const votesForSomeone = compiledQuery((db: Executor, itemId: ItemId, userId: UserId) =>
  db.selectFrom('votes').select('id').where('item_id', '=', itemId).where('user_id', '=', userId).where('on_behalf_of', 'is not', null).limit(1),
);

/** The open tasks of the round held by people B stands in for (not on an item B submitted). */
export async function delegatedOpenTasks(db: Executor, orgId: OrgId, itemId: ItemId, round: number, delegateId: UserId, now: number): Promise<UserId[]> {
  const delegators = await listDelegators(db, orgId, delegateId, now);
  if (delegators.length === 0) return [];
  const rows = await db
    .selectFrom('tasks')
    .innerJoin('items', 'items.id', 'tasks.item_id')
    .select('tasks.user_id')
    .where('tasks.item_id', '=', itemId)
    .where('tasks.round', '=', round)
    .where('tasks.open', '=', 1)
    .where('tasks.user_id', 'in', delegators)
    .where('items.submitter_id', '!=', delegateId)
    .execute();
  return rows.map((r) => r.user_id!);
}
