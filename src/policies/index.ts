// Policies: organisation settings, who needs 2FA and why, the sign-in flow. Checks return a
// reason, so the API and the audit trail can say why 2FA was demanded.
import type { Accounts, Actor, RequestMeta } from '../accounts/index.ts';
import type { Audit } from '../audit/index.ts';
import type { FactorActor, Factors, Proof } from '../factors/index.ts';
import type { Clock } from '../platform/clock.ts';
import { diffValues } from '../platform/diff.ts';
import type { Db } from '../platform/db/connect.ts';
import type { OrgId, UserId } from '../platform/ids.ts';
import { checkEnforcement } from './checks/enforcement.ts';
import { checkLoginTwoFactor } from './checks/login-two-factor.ts';
import { Problem } from '../platform/problems.ts';
import { settingsSchema, type OrgSettings, type SettingsPatch } from './settings.ts';
import { readSettings, writeSettings } from './settings.store.ts';
import { createSignIn } from './sign-in.ts';
import type { RateLimiter } from '../platform/rate-limit.ts';
import type { SecretBox } from '../platform/crypto/secret-box.ts';
import { createIssuerGuard, createSso, type Resolver } from './sso/index.ts';
import { getCoverage } from './coverage/get-coverage.ts';
import { createSessionEnforcement } from './session-enforcement.ts';

export type { OrgSettings, Scope, SettingsPatch } from './settings.ts';
export { DEFAULT_SETTINGS, settingsSchema, settingsPatchSchema, scopeSchema } from './settings.ts';
export { createReminderScheduler, REMINDER_INTERVAL_MS, type ReminderScheduler } from './reminders/reminder-scheduler.ts';
export type { Coverage } from './coverage/get-coverage.ts';
export { SsoFailure, ssoSettingsSchema, ssoSettingsInputObjectSchema, ssoInputRule, ssoSettingsViewSchema, toSsoSettingsView, type SsoFailureCode } from './sso/index.ts';

export type PoliciesDeps = {
  db: Db; clock: Clock; audit: Audit; accounts: Accounts; factors: Factors; secretBox: SecretBox; limiter: RateLimiter;
  /** SIGNOFF_SSO_ALLOW_HOSTS, and a resolver for tests (the system's otherwise). */
  sso?: { allowHosts: readonly string[]; resolve?: Resolver | undefined } | undefined;
};

export function createPolicies(deps: PoliciesDeps) {
  const { db, audit, accounts, factors } = deps;
  const settings = (orgId: OrgId) => readSettings(accounts, db, orgId);
  const flow = createSignIn({ db, accounts, factors, settings });

  return {
    settings,
    signIn: flow.signIn,
    /** The state a new session of this user starts in (SSO uses it too). */
    decideSessionState: flow.decide,
    /** Single sign-on (OpenID Connect): settings, start, callback. */
    sso: createSso({ db, clock: deps.clock, audit, accounts, settings, decide: flow.decide, withFreshFactor: factors.withFreshFactor, secretBox: deps.secretBox, limiter: deps.limiter, issuerGuard: createIssuerGuard({ allowHosts: deps.sso?.allowHosts ?? [], resolve: deps.sso?.resolve }) }),

    /** Changes settings; an admin who has a factor proves it first (issue: settings need step-up). */
    async updateSettings(actor: Actor, patch: SettingsPatch, meta: RequestMeta & { session: FactorActor['session'] }, proof?: Proof): Promise<OrgSettings> {
      const factorActor: FactorActor = { orgId: actor.orgId, userId: actor.userId, label: actor.label, session: meta.session };
      return factors.withFreshFactor(factorActor, proof, meta, async (tx) => {
        const before = await readSettings(accounts, tx, actor.orgId);
        const after = settingsSchema.parse({ ...before, ...patch });
        // The mandatory lock (PRODUCT §4): connected to a financial integration, enforcement stays on.
        if (after.financialIntegration.connected && after.enforcement.mode === 'off') {
          throw new Problem('two_factor_enforcement_locked', { detail: 'Disconnect the financial integration first, or choose soft or hard enforcement' });
        }
        await writeSettings(accounts, tx, actor.orgId, after);
        const changes = diffValues(before, after);
        await audit.append(tx, { orgId: actor.orgId, type: 'settings.changed', actor: { userId: actor.userId, label: actor.label }, target: { type: 'organization', id: actor.orgId }, data: changes, ip: meta.ip, requestId: meta.requestId });
        if (before.trustedDevices.enabled && !after.trustedDevices.enabled) {
          const count = await factors.revokeOrgTrustedDevices(tx, actor.orgId);
          await audit.append(tx, { orgId: actor.orgId, type: 'trusted_device.revoked', actor: { userId: actor.userId, label: actor.label }, target: { type: 'organization', id: actor.orgId }, data: { count, by: 'policy' }, ip: meta.ip, requestId: meta.requestId });
        }
        return after;
      });
    },

    /** Whether a policy requires 2FA of this user: the login scope or an enforcement scope. */
    async requiresTwoFactor(orgId: OrgId, userId: UserId): Promise<boolean> {
      const e = await explain(orgId, userId);
      return e !== undefined && (e.login.inScope || e.enforcement.required);
    },

    /**
     * `enforcement` of GET /auth/session: enrollment enforcement only (the prompt and the hold
     * follow it); the login scope shows in the session's state instead (enrollment_required).
     */
    async enforcementFor(orgId: OrgId, userId: UserId) {
      // Read on every page load: the scope is only evaluated while enforcement is on.
      const s = await settings(orgId);
      const enrolled = await factors.isEnrolled(db, userId);
      if (s.enforcement.mode === 'off') return { mode: 'off' as const, required: false, enrolled };
      const member = await accounts.findMember(db, orgId, userId);
      return { mode: s.enforcement.mode, required: member !== undefined && checkEnforcement(s, member, enrolled).required, enrolled };
    },

    /** Whether this user's requests are held at enrollment (hard enforcement, not enrolled). */
    async isHeldForEnrollment(orgId: OrgId, userId: UserId): Promise<boolean> {
      // Asked on every request of a session below AAL2: one settings read unless enforcement is hard.
      const s = await settings(orgId);
      if (s.enforcement.mode !== 'hard') return false;
      const member = await accounts.findMember(db, orgId, userId);
      if (!member) return false;
      const enrolled = await factors.isEnrolled(db, userId);
      return !enrolled && checkEnforcement(s, member, enrolled).required;
    },

    /** The same answers from what the request's session read holds (one statement fewer each). */
    forSession: createSessionEnforcement({ db, factors }),

    explain,
    /** The 2FA coverage view: in scope, enrolled, pending, reminders sent (GET /admin/two-factor/coverage). */
    coverage: (actor: Actor) => getCoverage({ db, clock: deps.clock, accounts, factors }, actor),
  };

  /** Which policies apply to this user and why (GET /admin/users/{id}/two-factor). */
  async function explain(orgId: OrgId, userId: UserId) {
    const member = await accounts.findMember(db, orgId, userId);
    if (!member) return undefined;
    const s = await settings(orgId);
    const enrolled = await factors.isEnrolled(db, userId);
    const login = checkLoginTwoFactor(s, member, enrolled);
    const loginScope = login.reasons.filter((r) => r !== 'has_active_factor');
    const enforcement = checkEnforcement(s, member, enrolled);
    return {
      userId, enrolled,
      methods: await factors.listUsableMethods(db, userId),
      login: { required: login.required, inScope: loginScope.length > 0, reasons: login.reasons },
      enforcement: { mode: enforcement.mode, required: enforcement.required, reasons: enforcement.reasons, locked: s.financialIntegration.connected },
      stepUpMethods: s.stepUpMethods,
    };
  }
}

export type Policies = ReturnType<typeof createPolicies>;
