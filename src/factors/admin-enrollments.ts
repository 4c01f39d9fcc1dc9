// Admin view and control of 2FA enrollment (API.md "Administration", PRODUCT §3): who is
// Pending (added, not yet set up), Active (has an active factor), and in scope of a policy
// but not enrolled. Revoking removes every factor and trusted device and ends the user's
// sessions; the admin never sees or sets a secret (H4).
import type { Actor } from '../accounts/index.ts';
import { iso } from '../platform/clock.ts';
import type { UserId } from '../platform/ids.ts';
import { Problem } from '../platform/problems.ts';
import type { FactorsDeps } from './deps.ts';
import { addToTwoFactor, listAddedToTwoFactor, removeFromTwoFactor } from './enrollment.store.ts';
import { deleteAllFactors, listOrgFactorUsers } from './factors.store.ts';
import { notifyUser } from './notify.ts';
import { PRIMARY_TYPES } from './registry.ts';
import { revokeAllDevices } from './trusted-devices/trusted-devices.ts';
import type { Meta } from './types.ts';

export type EnrollmentEntry = { userId: string; email: string; name: string; addedAt: string | null; methods: string[] };

export function createAdminEnrollments(deps: FactorsDeps, inScope: (actor: Actor, userId: string) => Promise<boolean>) {
  const { db, clock, audit, accounts } = deps;

  return {
    async list(actor: Actor) {
      const [users, factors, added] = await Promise.all([accounts.users.listUsers(actor), listOrgFactorUsers(db, actor.orgId), listAddedToTwoFactor(db, actor.orgId)]);
      const entry = (u: (typeof users)[number]): EnrollmentEntry => ({
        userId: u.id, email: u.email, name: u.name,
        addedAt: (() => { const a = added.find((x) => x.user_id === u.id); return a ? iso(a.added_at) : null; })(),
        methods: [...new Set(factors.filter((f) => f.user_id === u.id && f.status === 'active').map((f) => f.type))],
      });
      const isActive = (id: string) => factors.some((f) => f.user_id === id && f.status === 'active' && PRIMARY_TYPES.includes(f.type as never));
      const active = users.filter((u) => u.active && isActive(u.id)).map(entry);
      const pending = users.filter((u) => u.active && !isActive(u.id) && added.some((a) => a.user_id === u.id)).map(entry);
      const notEnrolledInScope: EnrollmentEntry[] = [];
      for (const u of users) {
        if (u.active && !isActive(u.id) && !added.some((a) => a.user_id === u.id) && (await inScope(actor, u.id))) notEnrolledInScope.push(entry(u));
      }
      return { pending, active, notEnrolledInScope };
    },

    async add(actor: Actor, userIds: string[], meta: Meta) {
      const users = await accounts.users.listUsers(actor);
      const unknown = userIds.filter((id) => !users.some((u) => u.id === id));
      if (unknown.length > 0) throw new Problem('invalid_request', { detail: `Unknown user ${unknown[0]}`, extensions: { errors: [{ pointer: '#/userIds', detail: 'unknown user id' }] } });
      await db.transaction().execute(async (tx) => {
        const now = clock.now();
        const addedNow: string[] = [];
        for (const id of new Set(userIds)) if (await addToTwoFactor(tx, actor.orgId, id as UserId, actor.userId, now)) addedNow.push(id);
        await audit.append(tx, { orgId: actor.orgId, type: 'two_factor.enrollment_added', actor: { userId: actor.userId, label: actor.label }, data: { userIds: addedNow }, ip: meta.ip, requestId: meta.requestId });
      });
    },

    async revoke(actor: Actor, userId: string, meta: Meta) {
      const user = (await accounts.users.listUsers(actor)).find((u) => u.id === userId);
      if (!user) throw new Problem('not_found', { detail: `No user ${userId}` });
      await db.transaction().execute(async (tx) => {
        const now = clock.now();
        const target = { orgId: actor.orgId, userId: user.id };
        const factorsRemoved = await deleteAllFactors(tx, user.id);
        const devicesRevoked = await revokeAllDevices(tx, user.id, now);
        await removeFromTwoFactor(tx, user.id);
        const sessionsEnded = await accounts.sessions.endAllOf(tx, user.id);
        await audit.append(tx, { orgId: actor.orgId, type: 'two_factor.revoked', actor: { userId: actor.userId, label: actor.label }, target: { type: 'user', id: user.id }, data: { factorsRemoved, devicesRevoked, sessionsEnded }, ip: meta.ip, requestId: meta.requestId });
        await notifyUser(deps, tx, target, 'Your two-factor authentication was reset', 'An administrator removed every second factor and trusted device from your account. You will set two-factor authentication up again when you next sign in.');
      });
    },
  };
}
