// Accounts: organisations, users, groups, passwords, sessions, sign-in, first-run setup.
// The public surface of the domain; nothing else in it is imported from outside.
import type { Executor, Tx } from '../platform/db/connect.ts';
import { deleteExpiredRows } from '../platform/db/expired-rows.ts';
import type { GroupId, OrgId, UserId } from '../platform/ids.ts';
import type { AccountsDeps } from './deps.ts';
import { createLogin } from './login.ts';
import { createGroupAdmin } from './manage-groups.ts';
import { createUserAdmin } from './manage-users.ts';
import {
  findOrganization,
  findOrganizationBySlug,
  findOrganizationSettings,
  isInstanceSetUp,
  listOrganizationIds,
  updateOrganizationSettings,
  lockOrganization,
} from './organizations.store.ts';
import { createPasswordReset } from './password-reset.ts';
import { EXPIRED_PASSWORD_TOKENS } from './password-tokens.store.ts';
import { createSessions } from './sessions.ts';
import { EXPIRED_SESSIONS } from './sessions.store.ts';
import { createSetup } from './setup.ts';
import type { Actor, Role, UserView } from './types.ts';
import { toUserView } from './user-view.ts';
import {
  findActiveUserIdByEmail,
  findUser,
  listActiveUsersNamed,
  listContacts,
  listGroupsByUser,
  listUsers,
  lockUserRow,
  type Named,
  type UserRow,
} from './users.store.ts';
import { findGroup } from './groups.store.ts';
import { searchDirectory } from './directory.ts';
import { searchPeople } from './directory.store.ts';
import { listPasswordlessUserIds } from './invitations.store.ts';
import { createResendInvitation } from './resend-invitation.ts';
import { burnPasswordCheck, verifyPassword } from '../platform/crypto/password.ts';

export type { AccountsDeps } from './deps.ts';
export type { SessionContext } from './sessions.ts';
export type { LoginContext, LoginInput } from './login.ts';
export type { Actor, RequestMeta, Role, UserType, UserView } from './types.ts';
export { ROLES, USER_TYPES } from './types.ts';
/** Account-token purpose of a re-authentication at the identity provider for an e-signature (issued by SSO, spent by signatures). */
export const SIGNATURE_REAUTH_PURPOSE = 'signature_reauth';

/**
 * Takes the user's row lock for the rest of the transaction: serialises per-user work across
 * instances (e.g. factors' backup-code regeneration, so two at once cannot both see "no set
 * yet"). False when the user is not in that organisation. Needs only the transaction, so
 * callers without the accounts service (free functions in other domains) can use it.
 */
export const lockUser = (tx: Tx, orgId: OrgId, userId: UserId): Promise<boolean> => lockUserRow(tx, orgId, userId);

/**
 * Organisations' display names, for mail (built before accounts) to name one in every message;
 * needs only the database. Each name is read once per instance and then remembered: nothing
 * renames an organisation (setup and the demo name it, no API or command changes it), so a
 * decision's or sign-in's mail does not read the organisation again. A way to rename one must
 * make this forget the old name.
 */
export function organizationNames(): (db: Executor, orgId: OrgId) => Promise<string | undefined> {
  const names = new Map<OrgId, string>();
  return async (db, orgId) => {
    let name = names.get(orgId);
    if (name === undefined) {
      name = (await findOrganization(db, orgId))?.name;
      if (name !== undefined) names.set(orgId, name);
    }
    return name;
  };
}

export function createAccounts(deps: AccountsDeps) {
  const sessions = createSessions(deps);
  const reset = createPasswordReset(deps, sessions);
  return {
    sessions,
    /** Deletes a batch of the sessions and reset links long expired ('more': a batch came back full). */
    sweepExpired: (batch?: number) => deleteExpiredRows(deps.db, [EXPIRED_SESSIONS, EXPIRED_PASSWORD_TOKENS], deps.clock.now(), batch),
    completeSetup: createSetup(deps, sessions),
    isSetUp: () => isInstanceSetUp(deps.db),
    findOrganizationBySlug: (slug: string) => findOrganizationBySlug(deps.db, slug),
    /** The organisation's settings document as stored (JSON text); policies owns its meaning. */
    readSettings: (db: Executor, orgId: OrgId) => findOrganizationSettings(db, orgId),
    writeSettings: (tx: Executor, orgId: OrgId, json: string) => updateOrganizationSettings(tx, orgId, json),
    /** Holds the settings document for the rest of `tx`: changes to it run one after the other. */
    lockSettings: (tx: Executor, orgId: OrgId) => lockOrganization(tx, orgId),
    /** An actor for command-line administration: audited as the CLI, never a real user id. */
    cliActor: (orgId: OrgId): Actor => ({ orgId, userId: 'cli' as UserId, label: 'signoff cli', roles: ['admin'] }),
    ...createLogin(deps, sessions),
    logout: (tokenHash: string, actor: Actor, meta: { ip: string; requestId?: string }) =>
      deps.db.transaction().execute(async (tx) => {
        // The user's row first, as every change to the user's sessions takes it: a decision or a
        // sign-in step under way with this session comes wholly before or after the sign-out.
        await lockUserRow(tx, actor.orgId, actor.userId);
        // More than one when a decision made with this session committed while the sign-out
        // waited: its successor is ended too (the session's lineage).
        const sessionsEnded = await sessions.end(tx, actor.userId, tokenHash);
        await deps.audit.append(tx, {
          orgId: actor.orgId,
          type: 'logout.succeeded',
          actor: { userId: actor.userId, label: actor.label },
          data: { sessionsEnded },
          ip: meta.ip,
          requestId: meta.requestId,
        });
      }),
    requestPasswordReset: reset.requestReset,
    completePasswordReset: reset.completeReset,
    users: createUserAdmin(deps, sessions, reset),
    /** Admin → Users: a new invitation link for an invited user (the old ones stop working). */
    resendInvitation: createResendInvitation(deps, reset),
    /** Users who never set a password (invited, unless they sign in through SSO: policies knows). */
    listPasswordlessUserIds: (orgId: OrgId) => listPasswordlessUserIds(deps.db, orgId),
    /** People and groups by name, for admins and owners (reviewer pickers): ids, names, emails only. */
    searchDirectory: (actor: Actor, text: string, limit: number) => searchDirectory(deps.db, actor, text, limit),
    groups: createGroupAdmin(deps),

    /** Email and name for notices; usable inside a transaction (takes the executor). */
    async findContact(db: Executor, orgId: OrgId, userId: UserId): Promise<{ email: string; name: string } | undefined> {
      const row = await findUser(db, orgId, userId);
      return row ? { email: row.email, name: row.name } : undefined;
    },
    /** Email and name of each of these users (one statement, none for no ids); a user of another organisation is not in it. */
    async findContacts(db: Executor, orgId: OrgId, userIds: readonly UserId[]): Promise<Contacts> {
      const ids = [...new Set(userIds)];
      const rows = ids.length === 0 ? [] : await listContacts(db, orgId, ids);
      return new Map(rows.map((r) => [r.id, { email: r.email, name: r.name }]));
    },
    /** Re-checks a signed-in user's password (e-signatures, 21 CFR 11.200): argon2id, constant time. */
    async checkPassword(db: Executor, orgId: OrgId, userId: UserId, password: string): Promise<boolean> {
      const row = await findUser(db, orgId, userId);
      if (!row?.password_hash || row.active !== 1) return burnPasswordCheck(password);
      return verifyPassword(row.password_hash, password);
    },
    findOrganization: (db: Executor, orgId: OrgId) => findOrganization(db, orgId),
    /** Every organisation id, in a stable order (background passes over all organisations). */
    listOrganizationIds: (db: Executor): Promise<OrgId[]> => listOrganizationIds(db),
    /** The active user of the organisation with this normalised (trimmed, lower-case) email, e.g. to link an SSO identity by a verified email. */
    findActiveUserIdByEmail: (db: Executor, orgId: OrgId, email: string): Promise<UserId | undefined> => findActiveUserIdByEmail(db, orgId, email),
    /** A group's name when it belongs to the organisation. */
    async findGroupName(db: Executor, orgId: OrgId, groupId: GroupId): Promise<string | undefined> {
      return (await findGroup(db, orgId, groupId))?.name;
    },
    /** The user's current security stamp ('' when never changed), for things issued under it. */
    async findSecurityStamp(db: Executor, orgId: OrgId, userId: UserId): Promise<string | undefined> {
      return (await findUser(db, orgId, userId))?.security_stamp;
    },
    /** What policies scope on: type, roles, groups, for one user or every active user of an org. */
    async findMember(db: Executor, orgId: OrgId, userId: UserId): Promise<Member | undefined> {
      const row = await findUser(db, orgId, userId);
      return row ? (await toMembers(db, orgId, [row]))[0] : undefined;
    },
    listActiveMembers: async (db: Executor, orgId: OrgId): Promise<Member[]> =>
      toMembers(
        db,
        orgId,
        (await listUsers(db, orgId)).filter((u) => u.active === 1),
      ),
    /**
     * The active members a rule names (these users, the members of these groups, the holders of
     * these roles), in listActiveMembers' order, read without reading everyone: a step's
     * reviewers, an escalation, the owners to tell. Each caller still matches them to its rule.
     */
    listActiveMembersNamed: (db: Executor, orgId: OrgId, named: Named): Promise<Member[]> => activeMembersNamed(db, orgId, named),
    /** The organisation's active admins (alerts, a second admin's approval). */
    listActiveAdmins: async (db: Executor, orgId: OrgId): Promise<Member[]> =>
      (await activeMembersNamed(db, orgId, { roles: ['admin'] })).filter((m) => m.roles.includes('admin')),
    /** Active people whose name or email contains the text (any case), by name, at most `limit`. */
    findPeople: (db: Executor, orgId: OrgId, text: string, limit: number) => searchPeople(db, orgId, text, limit),
    /** Single-use emailed tokens for other domains (2FA recovery), stored hashed like reset links. */
    issueAccountToken: reset.issueToken,
    consumeAccountToken: reset.consumeToken,
    peekAccountToken: reset.peekToken,

    /** The signed-in user as an Actor plus their view (with the organisation), for a session. */
    async loadActor(
      orgId: OrgId,
      userId: UserId,
    ): Promise<{ actor: Actor; user: UserView & { organization: { id: string; name: string; slug: string } } } | undefined> {
      const row = await findUser(deps.db, orgId, userId);
      const org = await findOrganization(deps.db, orgId);
      if (!row || !org || row.active !== 1) return undefined;
      const view = await toUserView(deps.db, orgId, row);
      return { actor: { orgId, userId, label: row.email, roles: JSON.parse(row.roles) as Role[] }, user: { ...view, organization: org } };
    },
  };
}

export type Accounts = ReturnType<typeof createAccounts>;
/** Users' names and addresses by id (Accounts.findContacts). */
export type Contacts = ReadonlyMap<UserId, { email: string; name: string }>;

/** A user as policies see them (scope membership) plus how to address them. */
export type Member = { id: UserId; email: string; name: string; userType: string; roles: Role[]; groupIds: string[] };

const activeMembersNamed = async (db: Executor, orgId: OrgId, named: Named): Promise<Member[]> =>
  toMembers(db, orgId, await listActiveUsersNamed(db, orgId, named));

async function toMembers(db: Executor, orgId: OrgId, rows: UserRow[]): Promise<Member[]> {
  const groups = await listGroupsByUser(
    db,
    orgId,
    rows.map((r) => r.id),
  );
  return rows.map((r) => ({
    id: r.id,
    email: r.email,
    name: r.name,
    userType: r.user_type,
    roles: JSON.parse(r.roles) as Role[],
    groupIds: (groups.get(r.id) ?? []).map((g) => g.id),
  }));
}
