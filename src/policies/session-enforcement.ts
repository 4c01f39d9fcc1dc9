// Enforcement answers for a request, from what its session read already holds: the user, the
// user's groups, whether the user is enrolled and the organisation's settings text come in the
// session's one statement (accounts/sessions.store.ts), so these cost no statement of their own.
// The organisation-id versions in index.ts read everything again; they serve callers without a
// session (admin views, sign-in, background work).
import type { SessionContext } from '../accounts/index.ts';
import type { OrgId, UserId } from '../platform/ids.ts';
import { checkEnforcement } from '../settings/index.ts';
import type { ScopeMember } from '../settings/index.ts';
import { parseSettings, type OrgSettings } from '../settings/index.ts';

type Deps = {
  factors: { enrollment: { mayEnroll(who: { orgId: OrgId; userId: UserId }): Promise<boolean> } };
  /** Admin-controlled enrollment: adds a user a policy requires 2FA of (auto-enroll.ts addIfRequired); no statement in self-service. */
  ensureAdded(orgId: OrgId, userId: UserId, settings: OrgSettings, reason: string): Promise<unknown>;
};

const memberOf = (session: SessionContext): ScopeMember => ({
  id: session.userId,
  userType: session.user.userType,
  roles: session.user.roles,
  groupIds: session.user.groups.map((g) => g.id),
});

export function createSessionEnforcement({ factors, ensureAdded }: Deps) {
  /** The organisation's settings as they were when this request's session was read. */
  const settingsOf = (session: SessionContext): OrgSettings => parseSettings(session.settingsText);
  return {
    settingsOf,

    /** `enforcement` of GET /auth/session (see enforcementFor in index.ts). */
    async enforcementFor(session: SessionContext) {
      const s = settingsOf(session);
      const { enrolled } = session;
      if (!enrolled) await ensureAdded(session.orgId, session.userId, s, 'session');
      // `canEnroll`: whether this user may set a factor up themself; prompts go only to those who can.
      const canEnroll =
        enrolled || s.enrollmentMode !== 'admin_controlled' || (await factors.enrollment.mayEnroll({ orgId: session.orgId, userId: session.userId }));
      if (s.enforcement.mode === 'off') return { mode: 'off' as const, required: false, enrolled, canEnroll };
      return { mode: s.enforcement.mode, required: checkEnforcement(s, memberOf(session), enrolled).required, enrolled, canEnroll };
    },

    /** Whether the session's requests are held at enrollment (hard enforcement, not enrolled): a statement only to add a held user in admin-controlled enrollment. */
    async isHeldForEnrollment(session: SessionContext): Promise<boolean> {
      const s = settingsOf(session);
      if (s.enforcement.mode !== 'hard') return false;
      const member = memberOf(session);
      if (!checkEnforcement(s, member, false).required) return false;
      const held = !session.enrolled;
      if (held) await ensureAdded(session.orgId, session.userId, s, 'session');
      return held;
    },
  };
}
