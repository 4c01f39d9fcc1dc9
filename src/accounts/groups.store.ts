import { compiledQuery, compiledStatement } from '../platform/db/compiled-query.ts';
import type { Executor } from '../platform/db/connect.ts';
import type { GroupId, OrgId, UserId } from '../platform/ids.ts';

export async function insertGroup(db: Executor, g: { id: GroupId; orgId: OrgId; name: string }, now: number): Promise<void> {
  await groupInserted(db, g.id, g.orgId, g.name, now);
}
const groupInserted = compiledStatement((db: Executor, id: GroupId, orgId: OrgId, name: string, now: number) =>
  db.insertInto('groups').values({ id, org_id: orgId, name, created_at: now }),
);

export const findGroup = async (db: Executor, orgId: OrgId, id: GroupId) => (await groupOf(db, orgId, id))[0];
const groupOf = compiledQuery((db: Executor, orgId: OrgId, id: GroupId) =>
  db.selectFrom('groups').select(['id', 'name']).where('org_id', '=', orgId).where('id', '=', id),
);

export const listGroups = (db: Executor, orgId: OrgId) => db.selectFrom('groups').select(['id', 'name']).where('org_id', '=', orgId).orderBy('name').execute();

/** The subset of `ids` that are groups of this organisation (ids of other organisations are not). */
export async function listGroupIdsInOrg(db: Executor, orgId: OrgId, ids: GroupId[]): Promise<GroupId[]> {
  if (ids.length === 0) return [];
  const rows = await db.selectFrom('groups').select('id').where('org_id', '=', orgId).where('id', 'in', ids).execute();
  return rows.map((r) => r.id);
}

export async function listUserIdsInOrg(db: Executor, orgId: OrgId, ids: UserId[]): Promise<UserId[]> {
  if (ids.length === 0) return [];
  const rows = await db.selectFrom('users').select('id').where('org_id', '=', orgId).where('id', 'in', ids).execute();
  return rows.map((r) => r.id);
}

export const listGroupMembers = (db: Executor, orgId: OrgId) =>
  db
    .selectFrom('group_members')
    .innerJoin('users', 'users.id', 'group_members.user_id')
    .select(['group_members.group_id as group_id', 'users.id as id', 'users.name as name', 'users.email as email'])
    .where('group_members.org_id', '=', orgId)
    .orderBy('users.name')
    .execute();

/** One group's members ordered by name (a group view without reading every group of the org). */
export const listMembersOfGroup = (db: Executor, orgId: OrgId, groupId: GroupId) =>
  db
    .selectFrom('group_members')
    .innerJoin('users', 'users.id', 'group_members.user_id')
    .select(['users.id as id', 'users.name as name', 'users.email as email'])
    .where('group_members.org_id', '=', orgId)
    .where('group_members.group_id', '=', groupId)
    .orderBy('users.name')
    .execute();

/** The users of `ids` that belong to this organisation, with what a group view shows, ordered by name. */
export async function listUsersInOrgByIds(db: Executor, orgId: OrgId, ids: UserId[]): Promise<{ id: UserId; name: string; email: string }[]> {
  if (ids.length === 0) return [];
  return db.selectFrom('users').select(['id', 'name', 'email']).where('org_id', '=', orgId).where('id', 'in', ids).orderBy('name').execute();
}

/** Members of a group that has none yet (a new one). */
export async function insertGroupMembers(db: Executor, orgId: OrgId, id: GroupId, userIds: UserId[]): Promise<void> {
  if (userIds.length > 0)
    await db
      .insertInto('group_members')
      .values(userIds.map((u) => ({ group_id: id, user_id: u, org_id: orgId })))
      .execute();
}

/**
 * Takes the group's row lock for the rest of the transaction (PostgreSQL; SQLite runs one writer
 * at a time anyway): concurrent changes of one group then run one after the other, each reading
 * what the one before left. Without it two admins replacing the members at once could both
 * succeed and leave the union of their lists, which neither asked for nor audited.
 */
export async function lockGroup(tx: Executor, orgId: OrgId, id: GroupId): Promise<void> {
  await tx
    .updateTable('groups')
    .set((eb) => ({ name: eb.ref('name') }))
    .where('org_id', '=', orgId)
    .where('id', '=', id)
    .execute();
}

export async function renameGroup(db: Executor, orgId: OrgId, id: GroupId, name: string): Promise<void> {
  await db.updateTable('groups').set({ name }).where('org_id', '=', orgId).where('id', '=', id).execute();
}

export async function replaceGroupMembers(db: Executor, orgId: OrgId, id: GroupId, userIds: UserId[]): Promise<void> {
  await db.deleteFrom('group_members').where('org_id', '=', orgId).where('group_id', '=', id).execute();
  if (userIds.length > 0) {
    await db
      .insertInto('group_members')
      .values(userIds.map((u) => ({ group_id: id, user_id: u, org_id: orgId })))
      .execute();
  }
}

export async function deleteGroup(db: Executor, orgId: OrgId, id: GroupId): Promise<void> {
  await db.deleteFrom('group_members').where('org_id', '=', orgId).where('group_id', '=', id).execute();
  await db.deleteFrom('groups').where('org_id', '=', orgId).where('id', '=', id).execute();
}
