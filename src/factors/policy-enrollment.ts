// Admin-controlled enrollment must never strand anyone (issue 12 item 1). Two pieces:
// - a policy that requires 2FA of a user adds them (Pending) as an admin would, so the person
//   held at "Set up 2FA" can actually set it up. Policies decides who (it owns scopes) and
//   calls `addByPolicy`; the add is the same conditional INSERT as an admin's, so concurrent
//   callers on several instances add (and audit) a user once.
// - a user who cannot set 2FA up themself can ask their administrators ("Notify my
//   administrator"): every active admin is emailed, once a day per user at most, audited.
import type { Tx } from '../platform/db/connect.ts';
import type { OrgId, UserId } from '../platform/ids.ts';
import type { AttemptPolicy } from '../platform/rate-limit.ts';
import type { FactorsDeps } from './deps.ts';
import { addToTwoFactor } from './enrollment.store.ts';
import type { FactorActor, Meta } from './types.ts';

/** The audit trail's actor for adds a policy made: never a user. */
const POLICY_ACTOR = { label: 'signoff policy' };
/** Who added a user, as stored in `two_factor_enrollments.added_by`. */
const ADDED_BY_POLICY = 'policy';

const DAY_MS = 86_400_000;
/** One request to the admins per user a day: the first is free, the next waits a day (429 with Retry-After). */
const NOTIFY_ADMINS_POLICY: AttemptPolicy = { delays: [0, DAY_MS], windowMs: DAY_MS, onSuccess: 'refund' };

export function createPolicyEnrollment(deps: FactorsDeps, mayEnroll: (actor: { orgId: OrgId; userId: UserId }) => Promise<boolean>) {
  const { clock, audit, accounts, limiter } = deps;

  return {
    /**
     * Adds these users (Pending) because a policy requires 2FA of them; `reason` says which
     * change brought them in (settings_changed, sign_in, session, user_changed, reminders).
     * Returns the users this call added; audited once as `two_factor.enrollment_added`.
     */
    async addByPolicy(tx: Tx, orgId: OrgId, userIds: readonly UserId[], reason: string): Promise<UserId[]> {
      const now = clock.now();
      const added: UserId[] = [];
      for (const id of new Set(userIds)) if (await addToTwoFactor(tx, orgId, id, ADDED_BY_POLICY, now)) added.push(id);
      if (added.length > 0) {
        await audit.append(tx, { orgId, type: 'two_factor.enrollment_added', actor: POLICY_ACTOR, data: { userIds: added, by: 'policy', reason } });
      }
      return added;
    },

    /** Emails every active admin that this user needs 2FA turned on; 429 when asked already today. */
    async notifyAdmins(actor: FactorActor, meta: Meta): Promise<{ notified: number }> {
      const reservation = await limiter.reserve([{ key: `two-factor:notify-admins:${actor.userId}`, policy: NOTIFY_ADMINS_POLICY }]);
      await reservation.release('failure');
      const canEnroll = await mayEnroll(actor);
      return deps.db.transaction().execute(async (tx) => {
        const me = await accounts.findContact(tx, actor.orgId, actor.userId);
        const admins = (await accounts.listActiveAdmins(tx, actor.orgId)).filter((m) => m.id !== actor.userId);
        const who = me ? `${me.name} (${me.email})` : actor.label;
        for (const admin of admins) {
          await deps.mail.enqueue(tx, {
            orgId: actor.orgId,
            to: admin.email,
            template: 'security-notice',
            vars: {
              name: admin.name,
              event: `${who} asks to be added to two-factor authentication`,
              detail:
                `${who} cannot set up two-factor authentication: in your organisation administrators add people to it. ` +
                'Open Admin → Two-factor and add them; they can then set it up on their Security page.',
            },
          });
        }
        await audit.append(tx, {
          orgId: actor.orgId,
          type: 'two_factor.admins_notified',
          actor: { userId: actor.userId, label: actor.label },
          target: { type: 'user', id: actor.userId },
          data: { admins: admins.map((a) => a.id), canEnroll },
          ip: meta.ip,
          requestId: meta.requestId,
        });
        return { notified: admins.length };
      });
    },
  };
}
