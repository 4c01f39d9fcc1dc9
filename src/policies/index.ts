// Policies: changing organisation settings (settings/ holds them), who needs 2FA and why, the sign-in flow. Checks return a
// reason, so the API and the audit trail can say why 2FA was demanded.
import type { Accounts, Actor, RequestMeta } from '../accounts/index.ts';
import type { Audit } from '../audit/index.ts';
import type { FactorActor, Factors, Proof } from '../factors/index.ts';
import type { Clock } from '../platform/clock.ts';
import { diffValues } from '../platform/diff.ts';
import type { Db } from '../platform/db/connect.ts';
import type { OrgId, UserId } from '../platform/ids.ts';
import { checkEnforcement, checkLoginTwoFactor, readSettings, settingsSchema, writeSettings, type OrgSettings, type SettingsPatch } from '../settings/index.ts';
import { Problem } from '../platform/problems.ts';
import { createSignIn } from './sign-in.ts';
import type { RateLimiter } from '../platform/rate-limit.ts';
import type { SecretBox } from '../platform/crypto/secret-box.ts';
import { createIssuerGuard, createSso, type Resolver } from './sso/index.ts';
import { getCoverage } from './coverage/get-coverage.ts';
import { addIfRequired, addRequiredMembers } from './auto-enroll.ts';
import { listSsoLinkedUserIds } from './sso/linked-users.store.ts';
import { createSessionEnforcement } from './session-enforcement.ts';

export type { OrgSettings, Scope, SettingsPatch } from '../settings/index.ts';
export { DEFAULT_SETTINGS, settingsSchema, settingsPatchSchema, scopeSchema } from '../settings/index.ts';
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
  // Admin-controlled enrollment: a policy requiring 2FA adds the user itself (auto-enroll.ts).
  const ensureAdded = async (orgId: OrgId, userId: UserId, reason: string) => addIfRequired({ db, accounts, factors }, orgId, userId, await settings(orgId), reason);
  const flow = createSignIn({ db, accounts, factors, settings, beforeDecide: (orgId, userId) => ensureAdded(orgId, userId, 'sign_in') });

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
        // The mandatory lock (docs/guide.md §4): connected to a financial integration, enforcement stays on.
        if (after.financialIntegration.connected && after.enforcement.mode === 'off') {
          throw new Problem('two_factor_enforcement_locked', { detail: 'Disconnect the financial integration first, or choose soft or hard enforcement' });
        }
        await writeSettings(accounts, tx, actor.orgId, after);
        await addRequiredMembers({ accounts, factors }, tx, actor.orgId, after, 'settings_changed');
        const changes = diffValues(before, after);
        await audit.append(tx, { orgId: actor.orgId, type: 'settings.changed', actor: { userId: actor.userId, label: actor.label }, target: { type: 'organization', id: actor.orgId }, data: changes, ip: meta.ip, requestId: meta.requestId });
        if (before.trustedDevices.enabled && !after.trustedDevices.enabled) {
          const count = await factors.revokeOrgTrustedDevices(tx, actor.orgId);
          await audit.append(tx, { orgId: actor.orgId, type: 'trusted_device.revoked', actor: { userId: actor.userId, label: actor.label }, target: { type: 'organization', id: actor.orgId }, data: { count, by: 'policy' }, ip: meta.ip, requestId: meta.requestId });
        }
        return after;
      });
    },

    /** After a user joined or left a scope (created, type, roles or groups changed): adds whom a policy now requires (admin-controlled mode). */
    async addRequiredMembers(orgId: OrgId, reason: string): Promise<UserId[]> {
      const s = await settings(orgId);
      return db.transaction().execute((tx) => addRequiredMembers({ accounts, factors }, tx, orgId, s, reason));
    },

    /** Whether a policy requires 2FA of this user: the login scope or an enforcement scope. */
    async requiresTwoFactor(orgId: OrgId, userId: UserId): Promise<boolean> {
      const e = await explain(orgId, userId);
      return e !== undefined && (e.login.inScope || e.enforcement.required);
    },

    /**
     * `enforcement` of GET /auth/session and the hard-enforcement hold, from what the request's
     * session read holds (the scope, and in admin-controlled mode the automatic add: see
     * session-enforcement.ts).
     */
    forSession: createSessionEnforcement({ db, factors, ensureAdded: (orgId, userId, s, reason) => addIfRequired({ db, accounts, factors }, orgId, userId, s, reason) }),

    explain,
    /** Users who signed in through SSO at least once (they accepted their invitation without a password). */
    ssoLinkedUserIds: (orgId: OrgId) => listSsoLinkedUserIds(db, orgId),
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
