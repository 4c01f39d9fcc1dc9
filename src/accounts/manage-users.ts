// Administration of users: create (with a password or an invitation link), change, deactivate.
// Every change is audited with old and new values. Ids from another organisation behave as
// unknown (404), never as forbidden.
import { hashPassword } from '../platform/crypto/password.ts';
import { diffValues } from '../platform/diff.ts';
import { newSecurityStamp } from '../platform/crypto/random.ts';
import type { Tx } from '../platform/db/connect.ts';
import { newId, type GroupId, type UserId } from '../platform/ids.ts';
import { Problem } from '../platform/problems.ts';
import { takenWhenUnique } from '../platform/db/constraint-violations.ts';
import { assertPasswordAcceptable } from './password-policy.ts';
import type { AccountsDeps } from './deps.ts';
import { listGroupIdsInOrg } from './groups.store.ts';
import { findOrganization } from './organizations.store.ts';
import type { PasswordReset } from './password-reset.ts';
import type { Sessions } from './sessions.ts';
import type { Actor, RequestMeta, Role, UserType, UserView } from './types.ts';
import { normalizeEmail, toUserView, toUserViews } from './user-view.ts';
import { findUser, insertUser, listUsers, lockUserRow, replaceUserGroups, updateUser } from './users.store.ts';
import { inviterName } from './inviter-name.ts';
import { searchUserIds } from './directory.store.ts';

export type CreateUserInput = { email: string; name: string; password?: string | undefined; userType: UserType; roles: Role[]; groups: GroupId[] };
export type UpdateUserInput = {
  name?: string | undefined;
  userType?: UserType | undefined;
  roles?: Role[] | undefined;
  groups?: GroupId[] | undefined;
  active?: boolean | undefined;
};

export function createUserAdmin(deps: AccountsDeps, sessions: Sessions, reset: PasswordReset) {
  const { db, clock, audit } = deps;

  async function assertGroups(tx: Tx, actor: Actor, ids: GroupId[]): Promise<GroupId[]> {
    const unique = [...new Set(ids)];
    const found = await listGroupIdsInOrg(tx, actor.orgId, unique);
    if (found.length !== unique.length) {
      throw new Problem('invalid_request', { detail: 'Unknown group id', extensions: { errors: [{ pointer: '#/groups', detail: 'unknown group id' }] } });
    }
    return found;
  }

  async function createUser(actor: Actor, input: CreateUserInput, meta: RequestMeta): Promise<UserView> {
    const email = normalizeEmail(input.email);
    if (input.password !== undefined) assertPasswordAcceptable(input.password, { email, name: input.name });
    const passwordHash = input.password !== undefined ? await hashPassword(input.password) : null;
    return db.transaction().execute(async (tx) => {
      const now = clock.now();
      const groups = await assertGroups(tx, actor, input.groups);
      const id = newId<UserId>('usr');
      const row = {
        id,
        org_id: actor.orgId,
        email,
        name: input.name.trim(),
        user_type: input.userType,
        roles: JSON.stringify([...new Set(input.roles)]),
        password_hash: passwordHash,
        active: 1,
        created_at: now,
        updated_at: now,
      };
      // Emails are unique in an organisation: its unique key decides, also between concurrent creates.
      await insertUser(tx, row).catch(takenWhenUnique(() => new Problem('email_taken', { detail: `${email} already has an account here` })));
      await replaceUserGroups(tx, actor.orgId, id, groups);
      const view = await toUserView(tx, actor.orgId, row);
      if (passwordHash === null) {
        const org = await findOrganization(tx, actor.orgId);
        const invite = { organization: org?.name ?? '', invitedBy: await inviterName(tx, actor) };
        await reset.issueLink(tx, { orgId: actor.orgId, userId: id, email, name: row.name }, 'invite', invite);
      }
      await audit.append(tx, {
        orgId: actor.orgId,
        type: 'user.created',
        actor: { userId: actor.userId, label: actor.label },
        target: { type: 'user', id },
        data: { new: snapshot(view), invited: passwordHash === null },
        ip: meta.ip,
        requestId: meta.requestId,
      });
      return view;
    });
  }

  async function updateUserAsAdmin(actor: Actor, userId: UserId, input: UpdateUserInput, meta: RequestMeta): Promise<UserView> {
    return db.transaction().execute(async (tx) => {
      const now = clock.now();
      // Locked first: `before` is what this change replaces, whatever else changes the user at the same moment.
      await lockUserRow(tx, actor.orgId, userId);
      const row = await findUser(tx, actor.orgId, userId);
      if (!row) throw new Problem('not_found', { detail: `No user ${userId}` });
      const id = row.id;
      const before = await toUserView(tx, actor.orgId, row);
      if (id === actor.userId && (input.active === false || (input.roles && !input.roles.includes('admin')))) throw new Problem('cannot_change_own_admin');
      const patch: Parameters<typeof updateUser>[3] = {};
      if (input.name !== undefined) patch.name = input.name.trim();
      if (input.userType !== undefined) patch.user_type = input.userType;
      if (input.roles !== undefined) patch.roles = JSON.stringify([...new Set(input.roles)]);
      if (input.active !== undefined) patch.active = input.active ? 1 : 0;
      if (input.active === false) patch.security_stamp = newSecurityStamp();
      await updateUser(tx, actor.orgId, id, patch, now);
      if (input.groups !== undefined) await replaceUserGroups(tx, actor.orgId, id, await assertGroups(tx, actor, input.groups));
      // A deactivated user is signed out everywhere at once.
      if (input.active === false) await sessions.endAllOf(tx, id);
      const after = await toUserView(tx, actor.orgId, (await findUser(tx, actor.orgId, id))!);
      await audit.append(tx, {
        orgId: actor.orgId,
        type: 'user.updated',
        actor: { userId: actor.userId, label: actor.label },
        target: { type: 'user', id },
        data: diffValues(snapshot(before), snapshot(after)),
        ip: meta.ip,
        requestId: meta.requestId,
      });
      return after;
    });
  }

  async function getUser(actor: Actor, userId: UserId): Promise<UserView> {
    const row = await findUser(db, actor.orgId, userId);
    if (!row) throw new Problem('not_found', { detail: `No user ${userId}` });
    return toUserView(db, actor.orgId, row);
  }

  const listUsersOf = async (actor: Actor) => toUserViews(db, actor.orgId, await listUsers(db, actor.orgId));

  return {
    createUser,
    updateUser: updateUserAsAdmin,
    getUser,
    listUsers: listUsersOf,
    /** The ids of the organisation's users (deactivated ones too) whose id is `text`, or whose name or email contains it. */
    userIdsNamed: (actor: Actor, text: string) => searchUserIds(db, actor.orgId, text),
  };
}

const snapshot = (u: UserView) => ({
  email: u.email,
  name: u.name,
  userType: u.userType,
  roles: u.roles,
  groups: u.groups.map((g) => g.name),
  active: u.active,
});
