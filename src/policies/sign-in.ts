// The sign-in flow (kratos: flows apart from methods): password → which state the session
// starts in → open it.
//   active                  no second factor needed, or a trusted device for this user
//   second_factor_required  the user has a factor and the login policy asks for it
//   enrollment_required     a policy requires 2FA and the user has none yet
// The state lives only on the server (F2); a half-signed-in session can do nothing but finish
// 2FA, enroll, read the session or log out (enforced per route in http/plugins/session.ts).
import type { Accounts, LoginContext, LoginInput } from '../accounts/index.ts';
import type { Factors } from '../factors/index.ts';
import type { Db } from '../platform/db/connect.ts';
import type { OrgId, UserId } from '../platform/ids.ts';
import { checkEnforcement, isHeldForEnrollment } from '../settings/index.ts';
import { checkLoginTwoFactor } from '../settings/index.ts';
import type { OrgSettings } from '../settings/index.ts';

export function createSignIn(deps: {
  db: Db;
  accounts: Accounts;
  factors: Factors;
  settings(orgId: OrgId): Promise<OrgSettings>;
  /** Runs before the state is decided (admin-controlled mode: a policy adds the user it requires). */
  beforeDecide?: (orgId: OrgId, userId: UserId, settings: OrgSettings) => Promise<unknown>;
}) {
  const { db, accounts, factors } = deps;

  /** `settings`: the organisation's, when the caller has read them already. */
  async function decide(orgId: OrgId, userId: UserId, deviceToken: string | undefined, settings?: OrgSettings) {
    settings ??= await deps.settings(orgId);
    await deps.beforeDecide?.(orgId, userId, settings);
    const member = await accounts.findMember(db, orgId, userId);
    const enrolled = await factors.isEnrolled(db, userId);
    const check = checkLoginTwoFactor(settings, member ?? { id: userId, userType: '', roles: [], groupIds: [] }, enrolled);
    const reason = check.reasons.join(',') || 'not_required';
    // Hard enforcement holds an unenrolled user at enrollment from the first request on.
    const held = member !== undefined && isHeldForEnrollment(checkEnforcement(settings, member, enrolled));
    if (held || (check.required && !enrolled))
      return { state: 'enrollment_required' as const, aal: 1, reason: held ? 'enforcement_hard' : reason, methods: [] as string[] };
    if (!check.required) return { state: 'active' as const, aal: 1, reason, methods: [] as string[] };
    // A trusted device skips the sign-in prompt only (never a step-up: docs/security.md G2).
    if (settings.trustedDevices.enabled && (await factors.isTrustedDevice(deviceToken, { orgId, userId }))) {
      return { state: 'active' as const, aal: 1, reason: 'trusted_device', methods: [] as string[] };
    }
    return { state: 'second_factor_required' as const, aal: 1, reason, methods: await factors.listUsableMethods(db, userId) };
  }

  async function signIn(input: LoginInput, ctx: LoginContext & { deviceToken?: string | undefined }) {
    const who = await accounts.authenticatePassword(input, ctx);
    // Read once: the decision, the policy's enrollment and the answer's trusted-device days all use them.
    const settings = await deps.settings(who.orgId);
    const gate = await decide(who.orgId, who.userId, ctx.deviceToken, settings);
    const opened = await accounts.openLoginSession(who, gate, ctx);
    const trustedDeviceDays = settings.trustedDevices.enabled ? settings.trustedDevices.days : null;
    return { ...opened, state: gate.state, methods: gate.methods, trustedDeviceDays, knownDeviceCookie: who.knownDeviceCookie };
  }

  return { signIn, decide };
}
