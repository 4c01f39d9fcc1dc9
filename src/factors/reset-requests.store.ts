// SQL of two-person 2FA resets. A request is decided by one conditional UPDATE (pending, not
// expired, not the requester's own), so two admins approving at once, on any instance, decide
// it once; the loser's UPDATE matches no row.
import type { Selectable } from 'kysely';
import type { Executor, Tx } from '../platform/db/connect.ts';
import type { DB } from '../platform/db/tables.ts';
import type { OrgId, UserId } from '../platform/ids.ts';

export type ResetRequestRow = Selectable<DB['two_factor_reset_requests']>;

/** Inserts a pending request; undefined when the user already has one pending (the unique `pending_user_id`). */
export async function insertResetRequest(tx: Tx, row: ResetRequestRow): Promise<ResetRequestRow | undefined> {
  return tx
    .insertInto('two_factor_reset_requests')
    .values(row)
    .onConflict((oc) => oc.column('pending_user_id').doNothing())
    .returningAll()
    .executeTakeFirst();
}

export const findResetRequest = (db: Executor, orgId: OrgId, id: string): Promise<ResetRequestRow | undefined> =>
  db.selectFrom('two_factor_reset_requests').selectAll().where('org_id', '=', orgId).where('id', '=', id).executeTakeFirst();

export const findPendingResetRequest = (db: Executor, userId: UserId): Promise<ResetRequestRow | undefined> =>
  db.selectFrom('two_factor_reset_requests').selectAll().where('pending_user_id', '=', userId).executeTakeFirst();

/** Closes an expired pending request so the user may get a new one. */
export async function expireResetRequest(tx: Tx, id: string, now: number): Promise<boolean> {
  const r = await tx
    .updateTable('two_factor_reset_requests')
    .set({ status: 'expired', pending_user_id: null, decided_at: now })
    .where('id', '=', id)
    .where('status', '=', 'pending')
    .where('expires_at', '<=', now)
    .executeTakeFirst();
  return r.numUpdatedRows > 0n;
}

/**
 * Decides a pending, live request; false when it was not (any more) such a request. An approval
 * also needs someone other than the requester (the requester may withdraw with a rejection).
 */
export async function decideResetRequest(tx: Tx, c: { orgId: OrgId; id: string; by: UserId; now: number; status: 'approved' | 'rejected' }): Promise<boolean> {
  let q = tx
    .updateTable('two_factor_reset_requests')
    .set({ status: c.status, pending_user_id: null, decided_by: c.by, decided_at: c.now })
    .where('org_id', '=', c.orgId)
    .where('id', '=', c.id)
    .where('status', '=', 'pending')
    .where('expires_at', '>', c.now);
  if (c.status === 'approved') q = q.where('requested_by', '<>', c.by);
  const r = await q.executeTakeFirst();
  return r.numUpdatedRows > 0n;
}

/** The organisation's requests, newest first. */
export const listResetRequests = (db: Executor, orgId: OrgId, limit: number): Promise<ResetRequestRow[]> =>
  db
    .selectFrom('two_factor_reset_requests')
    .selectAll()
    .where('org_id', '=', orgId)
    .orderBy('requested_at', 'desc')
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();
