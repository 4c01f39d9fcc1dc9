import type { Executor } from '../platform/db/connect.ts';
import type { OrgId, UserId } from '../platform/ids.ts';

export async function isAddedToTwoFactor(db: Executor, userId: UserId): Promise<boolean> {
  return (await db.selectFrom('two_factor_enrollments').select('user_id').where('user_id', '=', userId).executeTakeFirst()) !== undefined;
}

export async function addToTwoFactor(db: Executor, orgId: OrgId, userId: UserId, addedBy: string, now: number): Promise<boolean> {
  const row = await db
    .insertInto('two_factor_enrollments')
    .values({ user_id: userId, org_id: orgId, added_by: addedBy, added_at: now })
    .onConflict((oc) => oc.column('user_id').doNothing())
    .returning('user_id')
    .executeTakeFirst();
  return row !== undefined;
}

export async function removeFromTwoFactor(db: Executor, userId: UserId): Promise<void> {
  await db.deleteFrom('two_factor_enrollments').where('user_id', '=', userId).execute();
}

export const listAddedToTwoFactor = (db: Executor, orgId: OrgId) =>
  db.selectFrom('two_factor_enrollments').select(['user_id', 'added_at', 'added_by']).where('org_id', '=', orgId).execute();
