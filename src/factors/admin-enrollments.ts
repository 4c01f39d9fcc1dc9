// Admin view and control of 2FA enrollment (API.md "Administration", docs/guide.md §3): who is
// Pending (added, not yet set up), Active (has an active factor), and in scope of a policy
// but not enrolled. Revoking removes every factor and trusted device and ends the user's
// sessions; the admin never sees or sets a secret (H4).
import type { Actor, Contacts } from '../accounts/index.ts';
import { iso } from '../platform/clock.ts';
import type { Tx } from '../platform/db/connect.ts';
import { newId, type OrgId, type UserId } from '../platform/ids.ts';
import { Problem } from '../platform/problems.ts';
import type { FactorsDeps } from './deps.ts';
import { addToTwoFactor, listAddedToTwoFactor, removeFromTwoFactor } from './enrollment.store.ts';
import { listOrgFactorUsers } from './factors.store.ts';
import { notifyUser } from './notify.ts';
import type { MethodRegistry } from './registry.ts';
import {
  decideResetRequest,
  expireResetRequest,
  findPendingResetRequest,
  findResetRequest,
  insertResetRequest,
  listResetRequests,
  type ResetRequestRow,
} from './reset-requests.store.ts';
import type { Meta } from './types.ts';
import { withdrawEveryFactor } from './withdraw-factors.ts';

/** How long a two-person reset request waits for its second admin. */
const RESET_REQUEST_TTL_MS = 72 * 3_600_000;

type Person = { id: string; name: string; email: string };
export type ResetRequestView = {
  id: string;
  user: Person;
  requestedBy: Person;
  requestedAt: string;
  expiresAt: string;
  status: 'pending' | 'approved' | 'rejected' | 'expired';
  decidedBy: Person | null;
  decidedAt: string | null;
};

/** The people a request names: its user, who asked and who decided. */
const namedIn = (rows: readonly ResetRequestRow[]) => rows.flatMap((r) => [r.user_id, r.requested_by, ...(r.decided_by ? [r.decided_by] : [])] as UserId[]);

function toRequestView(r: ResetRequestRow, contacts: Contacts, now: number): ResetRequestView {
  const person = (id: string): Person => {
    const u = contacts.get(id as UserId);
    return { id, name: u?.name ?? id, email: u?.email ?? '' };
  };
  const status = r.status === 'pending' && Number(r.expires_at) <= now ? 'expired' : (r.status as ResetRequestView['status']);
  return {
    id: r.id,
    user: person(r.user_id),
    requestedBy: person(r.requested_by),
    requestedAt: iso(Number(r.requested_at)),
    expiresAt: iso(Number(r.expires_at)),
    status,
    decidedBy: r.decided_by ? person(r.decided_by) : null,
    decidedAt: r.decided_at === null ? null : iso(Number(r.decided_at)),
  };
}

export type EnrollmentEntry = { userId: string; email: string; name: string; addedAt: string | null; methods: string[] };

export function createAdminEnrollments(deps: FactorsDeps, registry: Pick<MethodRegistry, 'isPrimaryType'>) {
  const { db, clock, audit, accounts } = deps;

  /** Every factor and trusted device removed, sessions ended, audited as `two_factor.revoked` (with who approved, for a two-person reset), user emailed. */
  async function resetFactors(tx: Tx, actor: Actor, target: { orgId: OrgId; userId: UserId }, meta: Meta, extra: Record<string, unknown>) {
    const { factorsRemoved, devicesRevoked, sessionsEnded } = await withdrawEveryFactor(accounts, tx, target, clock.now());
    await removeFromTwoFactor(tx, target.userId);
    await audit.append(tx, {
      orgId: actor.orgId,
      type: 'two_factor.revoked',
      actor: { userId: actor.userId, label: actor.label },
      target: { type: 'user', id: target.userId },
      data: { factorsRemoved, devicesRevoked, sessionsEnded, ...extra },
      ip: meta.ip,
      requestId: meta.requestId,
    });
    await notifyUser(
      deps,
      tx,
      target,
      'Your two-factor authentication was reset',
      'An administrator removed every second factor and trusted device from your account. You will set two-factor authentication up again when you next sign in.',
    );
  }

  async function viewRequest(actor: Actor, id: string): Promise<ResetRequestView> {
    const row = await findResetRequest(db, actor.orgId, id);
    if (!row) throw new Problem('not_found', { detail: `No reset request ${id}` });
    return toRequestView(row, await accounts.findContacts(db, actor.orgId, namedIn([row])), clock.now());
  }

  return {
    /** The same few statements whatever the number of users: everything is matched by user in memory. */
    async list(actor: Actor) {
      const [users, factors, added, requiresTwoFactor] = await Promise.all([
        accounts.users.listUsers(actor),
        listOrgFactorUsers(db, actor.orgId),
        listAddedToTwoFactor(db, actor.orgId),
        deps.twoFactorRequirement(actor.orgId),
      ]);
      const activeMethods = new Map<string, Set<string>>();
      const hasActivePrimary = new Set<string>();
      for (const f of factors) {
        if (f.status !== 'active') continue;
        let methods = activeMethods.get(f.user_id);
        if (!methods) activeMethods.set(f.user_id, (methods = new Set()));
        methods.add(f.type);
        if (registry.isPrimaryType(f.type)) hasActivePrimary.add(f.user_id);
      }
      const addedAt = new Map(added.map((a) => [a.user_id, a.added_at] as const));
      const entry = (u: (typeof users)[number]): EnrollmentEntry => {
        const at = addedAt.get(u.id);
        return { userId: u.id, email: u.email, name: u.name, addedAt: at === undefined ? null : iso(at), methods: [...(activeMethods.get(u.id) ?? [])] };
      };
      const open = users.filter((u) => u.active && !hasActivePrimary.has(u.id));
      return {
        pending: open.filter((u) => addedAt.has(u.id)).map(entry),
        active: users.filter((u) => u.active && hasActivePrimary.has(u.id)).map(entry),
        notEnrolledInScope: open
          .filter((u) => !addedAt.has(u.id) && requiresTwoFactor({ id: u.id, userType: u.userType, roles: u.roles, groupIds: u.groups.map((g) => g.id) }))
          .map(entry),
      };
    },

    async add(actor: Actor, userIds: UserId[], meta: Meta) {
      const known = await accounts.findContacts(db, actor.orgId, userIds);
      const unknown = userIds.filter((id) => !known.has(id));
      if (unknown.length > 0)
        throw new Problem('invalid_request', {
          detail: `Unknown user ${unknown[0]}`,
          extensions: { errors: [{ pointer: '#/userIds', detail: 'unknown user id' }] },
        });
      await db.transaction().execute(async (tx) => {
        const now = clock.now();
        const addedNow: string[] = [];
        for (const id of new Set(userIds)) if (await addToTwoFactor(tx, actor.orgId, id, actor.userId, now)) addedNow.push(id);
        await audit.append(tx, {
          orgId: actor.orgId,
          type: 'two_factor.enrollment_added',
          actor: { userId: actor.userId, label: actor.label },
          data: { userIds: addedNow },
          ip: meta.ip,
          requestId: meta.requestId,
        });
      });
    },

    /**
     * Revokes a user's 2FA. Where the organisation has an e-signature step, an admin alone
     * cannot: the call opens a request that another admin approves (`approve`), or, with no
     * other admin, is refused with `second_admin_required` (the user recovers by email).
     * The user is emailed in every case.
     */
    async revoke(actor: Actor, userId: UserId, meta: Meta): Promise<{ status: 'revoked' } | { status: 'pending'; request: ResetRequestView }> {
      const user = await accounts.findMember(db, actor.orgId, userId);
      if (!user) throw new Problem('not_found', { detail: `No user ${userId}` });
      const target = { orgId: actor.orgId, userId: user.id };
      if (!(await deps.hasSignatureSteps(actor.orgId))) {
        await db.transaction().execute((tx) => resetFactors(tx, actor, target, meta, {}));
        return { status: 'revoked' };
      }
      const otherAdmins = (await accounts.listActiveAdmins(db, actor.orgId)).filter((u) => u.id !== actor.userId);
      if (otherAdmins.length === 0) {
        await db.transaction().execute(async (tx) => {
          await audit.append(tx, {
            orgId: actor.orgId,
            type: 'two_factor.reset_refused',
            actor: { userId: actor.userId, label: actor.label },
            target: { type: 'user', id: user.id },
            data: { reason: 'second_admin_required' },
            ip: meta.ip,
            requestId: meta.requestId,
          });
          await notifyUser(
            deps,
            tx,
            target,
            'an administrator asked to reset your two-factor authentication',
            'Your organisation uses electronic signatures, so a reset by an administrator needs a second administrator, and there is none. Nothing was changed. If you lost your second factor, choose "Lost your device?" when you sign in to get a recovery link at this address.',
          );
        });
        throw new Problem('second_admin_required', {
          detail: `${user.name} can e-sign: resetting their second factors needs a second admin to approve, and this organisation has one admin. The user can recover through their own email ("Lost your device?" at sign-in, with recovery by email allowed in Two-factor settings).`,
        });
      }
      const row = await db.transaction().execute(async (tx) => {
        const now = clock.now();
        const existing = await findPendingResetRequest(tx, user.id);
        if (existing && Number(existing.expires_at) > now) return existing;
        if (existing) await expireResetRequest(tx, existing.id, now);
        const inserted = await insertResetRequest(tx, {
          id: newId('rst'),
          org_id: actor.orgId,
          user_id: user.id,
          pending_user_id: user.id,
          requested_by: actor.userId,
          requested_at: now,
          expires_at: now + RESET_REQUEST_TTL_MS,
          status: 'pending',
          decided_by: null,
          decided_at: null,
        });
        // A concurrent request for the same user won the unique `pending_user_id`: answer with it.
        if (!inserted) return (await findPendingResetRequest(tx, user.id))!;
        await audit.append(tx, {
          orgId: actor.orgId,
          type: 'two_factor.reset_requested',
          actor: { userId: actor.userId, label: actor.label },
          target: { type: 'user', id: user.id },
          data: { requestId: inserted.id, expiresAt: iso(Number(inserted.expires_at)) },
          ip: meta.ip,
          requestId: meta.requestId,
        });
        await notifyUser(
          deps,
          tx,
          target,
          'an administrator asked to reset your two-factor authentication',
          `${actor.label} asked to remove every second factor and trusted device from your account. A second administrator must approve it within ${RESET_REQUEST_TTL_MS / 3_600_000} hours before anything changes. If you did not expect this, contact your administrators.`,
        );
        return inserted;
      });
      return { status: 'pending', request: toRequestView(row, await accounts.findContacts(db, actor.orgId, namedIn([row])), clock.now()) };
    },

    async listResetRequests(actor: Actor): Promise<ResetRequestView[]> {
      const rows = await listResetRequests(db, actor.orgId, 100);
      const contacts = await accounts.findContacts(db, actor.orgId, namedIn(rows));
      const now = clock.now();
      return rows.map((r) => toRequestView(r, contacts, now));
    },

    /** A second admin approves: the reset happens in the same transaction as the decision. */
    async approveResetRequest(actor: Actor, id: string, meta: Meta): Promise<ResetRequestView> {
      await db.transaction().execute(async (tx) => {
        const now = clock.now();
        const row = await findResetRequest(tx, actor.orgId, id);
        if (!row) throw new Problem('not_found', { detail: `No reset request ${id}` });
        if (row.requested_by === actor.userId) throw new Problem('own_reset_request');
        if (!(await decideResetRequest(tx, { orgId: actor.orgId, id, by: actor.userId, now, status: 'approved' }))) throw new Problem('reset_request_closed');
        const requester = await accounts.findContact(tx, actor.orgId, row.requested_by);
        const requestedBy = { userId: row.requested_by, label: requester?.email ?? row.requested_by };
        const approvedBy = { userId: actor.userId, label: actor.label };
        await audit.append(tx, {
          orgId: actor.orgId,
          type: 'two_factor.reset_approved',
          actor: approvedBy,
          target: { type: 'user', id: row.user_id },
          data: { requestId: row.id, requestedBy },
          ip: meta.ip,
          requestId: meta.requestId,
        });
        await resetFactors(tx, actor, { orgId: actor.orgId, userId: row.user_id }, meta, { resetRequestId: row.id, requestedBy, approvedBy });
      });
      return viewRequest(actor, id);
    },

    async rejectResetRequest(actor: Actor, id: string, meta: Meta): Promise<ResetRequestView> {
      await db.transaction().execute(async (tx) => {
        const now = clock.now();
        const row = await findResetRequest(tx, actor.orgId, id);
        if (!row) throw new Problem('not_found', { detail: `No reset request ${id}` });
        if (!(await decideResetRequest(tx, { orgId: actor.orgId, id, by: actor.userId, now, status: 'rejected' }))) throw new Problem('reset_request_closed');
        await audit.append(tx, {
          orgId: actor.orgId,
          type: 'two_factor.reset_rejected',
          actor: { userId: actor.userId, label: actor.label },
          target: { type: 'user', id: row.user_id },
          data: { requestId: row.id },
          ip: meta.ip,
          requestId: meta.requestId,
        });
        await notifyUser(
          deps,
          tx,
          { orgId: actor.orgId, userId: row.user_id },
          'a request to reset your two-factor authentication was rejected',
          `${actor.label} rejected the request: your second factors are unchanged.`,
        );
      });
      return viewRequest(actor, id);
    },
  };
}
