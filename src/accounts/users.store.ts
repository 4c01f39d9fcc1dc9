import type { Insertable, Selectable, Updateable } from 'kysely';
import { compiledQuery, compiledStatement } from '../platform/db/compiled-query.ts';
import { oneOf } from '../platform/db/one-of.ts';
import type { Executor, Tx } from '../platform/db/connect.ts';
import type { DB } from '../platform/db/tables.ts';
import type { GroupId, OrgId, UserId } from '../platform/ids.ts';
import type { Role } from './types.ts';

export type UserRow = Selectable<DB['users']>;

export async function insertUser(db: Executor, row: Insertable<DB['users']>): Promise<void> {
  await db.insertInto('users').values(row).execute();
}

/** Built once per dialect (compiled-query.ts): a decision alone reads several users. */
const userById = compiledQuery((db: Executor, orgId: OrgId, id: UserId) => db.selectFrom('users').selectAll().where('org_id', '=', orgId).where('id', '=', id));
export const findUser = async (db: Executor, orgId: OrgId, id: UserId): Promise<UserRow | undefined> => (await userById(db, orgId, id))[0];

/** Names and addresses of several users of one organisation in one statement (an item view names many). */
export const listContacts = compiledQuery((db: Executor, orgId: OrgId, ids: readonly UserId[]) =>
  db.selectFrom('users').select(['id', 'name', 'email']).where('org_id', '=', orgId).where('id', 'in', ids),
);

/** What a rule names (accounts' listActiveMembersNamed): users, the members of groups, the holders of roles. */
export type Named = { userIds?: readonly UserId[]; groupIds?: readonly GroupId[]; roles?: readonly Role[] };

/**
 * The active users of the organisation `named` names, in listUsers' order: one read of those
 * users, not of everyone. A role is matched on the roles' JSON text (`"admin"` within it); the
 * caller matches each member against its rule again.
 */
export async function listActiveUsersNamed(db: Executor, orgId: OrgId, named: Named): Promise<UserRow[]> {
  const { userIds = [], groupIds = [], roles = [] } = named;
  if (userIds.length + groupIds.length + roles.length === 0) return [];
  return db
    .selectFrom('users')
    .selectAll()
    .where('org_id', '=', orgId)
    .where('active', '=', 1)
    .where((eb) =>
      eb.or([
        ...(userIds.length > 0 ? [eb('id', 'in', userIds)] : []),
        ...(groupIds.length > 0
          ? [eb('id', 'in', eb.selectFrom('group_members').select('user_id').where('org_id', '=', orgId).where('group_id', 'in', groupIds))]
          : []),
        ...roles.map((role) => eb('roles', 'like', `%"${role}"%`)),
      ]),
    )
    .orderBy('name')
    .orderBy('email')
    .execute();
}

/** The active user of the organisation with this (already normalised) email. */
export async function findActiveUserIdByEmail(db: Executor, orgId: OrgId, email: string): Promise<UserId | undefined> {
  const row = await db.selectFrom('users').select('id').where('org_id', '=', orgId).where('email', '=', email).where('active', '=', 1).executeTakeFirst();
  return row?.id;
}

export const listUsersByEmail = (db: Executor, email: string): Promise<UserRow[]> => db.selectFrom('users').selectAll().where('email', '=', email).execute();

export const listUsers = (db: Executor, orgId: OrgId): Promise<UserRow[]> =>
  db.selectFrom('users').selectAll().where('org_id', '=', orgId).orderBy('name').orderBy('email').execute();

export async function updateUser(
  db: Executor,
  orgId: OrgId,
  id: UserId,
  patch: Pick<Updateable<DB['users']>, 'name' | 'user_type' | 'roles' | 'active' | 'password_hash' | 'email' | 'security_stamp'>,
  now: number,
): Promise<void> {
  await db
    .updateTable('users')
    .set({ ...patch, updated_at: now })
    .where('org_id', '=', orgId)
    .where('id', '=', id)
    .execute();
}

/**
 * Serialises per-user work across instances: a no-op UPDATE that takes the user's row lock
 * until the transaction ends (PostgreSQL makes a second locker wait; SQLite already has one
 * writer, and writes no page for a row left as it was). False when the user is not in that
 * organisation. Built once (compiled-query.ts): every sign-in and decision takes it.
 */
export async function lockUserRow(tx: Tx, orgId: OrgId, userId: UserId): Promise<boolean> {
  return Number((await userRowLocked(tx, orgId, userId)).numAffectedRows) === 1;
}
const userRowLocked = compiledStatement((db: Executor, orgId: OrgId, id: UserId) =>
  db
    .updateTable('users')
    .set((eb) => ({ updated_at: eb.ref('updated_at') }))
    .where('id', '=', id)
    .where('org_id', '=', orgId),
);

/**
 * The groups of each of these users (id and name, by name), grouped once: a filter of every
 * membership per user made an organisation's member and user lists quadratic. The ids are one
 * bound value (one-of.ts): an organisation can have more users than a statement binds values.
 */
export async function listGroupsByUser(db: Executor, orgId: OrgId, userIds: readonly UserId[]): Promise<Map<UserId, { id: GroupId; name: string }[]>> {
  const byUser = new Map<UserId, { id: GroupId; name: string }[]>();
  if (userIds.length === 0) return byUser;
  const rows = await db
    .selectFrom('group_members')
    .innerJoin('groups', 'groups.id', 'group_members.group_id')
    .select(['group_members.user_id as user_id', 'groups.id as group_id', 'groups.name as name'])
    .where('group_members.org_id', '=', orgId)
    .where(oneOf(db, 'group_members.user_id', userIds))
    .orderBy('groups.name')
    .execute();
  for (const r of rows) {
    const group = { id: r.group_id, name: r.name };
    const groups = byUser.get(r.user_id);
    if (groups) groups.push(group);
    else byUser.set(r.user_id, [group]);
  }
  return byUser;
}

export async function replaceUserGroups(db: Executor, orgId: OrgId, userId: UserId, groupIds: GroupId[]): Promise<void> {
  await db.deleteFrom('group_members').where('org_id', '=', orgId).where('user_id', '=', userId).execute();
  if (groupIds.length > 0) {
    await db
      .insertInto('group_members')
      .values(groupIds.map((g) => ({ group_id: g, user_id: userId, org_id: orgId })))
      .execute();
  }
}
