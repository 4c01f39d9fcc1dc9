// Policies: changing organisation settings (settings/ holds them), who needs 2FA and why, the
// sign-in flow, enforcement, coverage and single sign-on. Checks return a reason, so the API and
// the audit trail can say why 2FA was demanded. The public surface: logic is in the files named.
import type { Actor } from '../accounts/index.ts';
import type { OrgId, UserId } from '../platform/ids.ts';
import { readSettings, type OrgSettings } from '../settings/index.ts';
import { addIfRequired, addRequiredMembers, addsByPolicy } from './auto-enroll.ts';
import { getCoverage } from './coverage/get-coverage.ts';
import type { PoliciesDeps } from './deps.ts';
import { createExplain } from './explain.ts';
import { createSessionEnforcement } from './session-enforcement.ts';
import { createSignIn } from './sign-in.ts';
import { createIssuerGuard, createSso } from './sso/index.ts';
import { listSsoLinkedUserIds } from './sso/linked-users.store.ts';
import { EXPIRED_SSO_FLOWS } from './sso/sso.store.ts';
import { deleteExpiredRows } from '../platform/db/expired-rows.ts';
import { createUpdateSettings } from './update-settings.ts';

export type { PoliciesDeps } from './deps.ts';
export type { OrgSettings } from '../settings/index.ts';
export { settingsSchema, settingsPatchSchema } from '../settings/index.ts';
export { createReminderScheduler } from './reminders/reminder-scheduler.ts';
export { SsoFailure, ssoSettingsInputObjectSchema, ssoInputRule, ssoSettingsViewSchema, toSsoSettingsView } from './sso/index.ts';

export function createPolicies(deps: PoliciesDeps) {
  const { db, audit, accounts, factors } = deps;
  const settings = (orgId: OrgId) => readSettings(accounts, db, orgId);
  // Admin-controlled enrollment: a policy requiring 2FA adds the user itself (auto-enroll.ts).
  const ensureAdded = (orgId: OrgId, userId: UserId, s: OrgSettings, reason: string) => addIfRequired({ db, accounts, factors }, orgId, userId, s, reason);
  const explain = createExplain(deps, settings);
  const flow = createSignIn({ db, accounts, factors, settings, beforeDecide: (orgId, userId, s) => ensureAdded(orgId, userId, s, 'sign_in') });
  const issuerGuard = createIssuerGuard({ allowHosts: deps.sso?.allowHosts ?? [], resolve: deps.sso?.resolve });

  return {
    settings,
    /** Deletes a batch of the SSO sign-in flows long expired ('more': the batch came back full). */
    sweepExpired: (batch?: number) => deleteExpiredRows(db, [EXPIRED_SSO_FLOWS], deps.clock.now(), batch),
    signIn: flow.signIn,
    /** The state a new session of this user starts in (SSO uses it too). */
    decideSessionState: flow.decide,
    /** Single sign-on (OpenID Connect): settings, start, callback. */
    sso: createSso({
      db,
      clock: deps.clock,
      audit,
      accounts,
      settings,
      decide: flow.decide,
      withFreshFactor: factors.withFreshFactor,
      secretBox: deps.secretBox,
      limiter: deps.limiter,
      issuerGuard,
    }),
    /** Closes the connections SSO opened to identity providers. */
    close: () => issuerGuard.close(),

    /** Changes settings; an admin who has a factor proves it first (update-settings.ts). */
    updateSettings: createUpdateSettings(deps),

    /** After a user joined or left a scope (created, type, roles or groups changed): adds whom a policy now requires (admin-controlled mode). */
    async addRequiredMembers(orgId: OrgId, reason: string): Promise<UserId[]> {
      const s = await settings(orgId);
      // Self-service enrollment adds nobody: no transaction to open.
      if (!addsByPolicy(s)) return [];
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
    forSession: createSessionEnforcement({
      factors,
      ensureAdded,
    }),

    explain,
    /** Users who signed in through SSO at least once (they accepted their invitation without a password). */
    ssoLinkedUserIds: (orgId: OrgId) => listSsoLinkedUserIds(db, orgId),
    /** The 2FA coverage view: in scope, enrolled, pending, reminders sent (GET /admin/two-factor/coverage). */
    coverage: (actor: Actor) => getCoverage({ db, clock: deps.clock, accounts, factors }, actor),
  };
}

export type Policies = ReturnType<typeof createPolicies>;
