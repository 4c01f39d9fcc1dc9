// Policies: organisation settings, who needs 2FA and why, the sign-in flow. Checks return a
// reason, so the API and the audit trail can say why 2FA was demanded.
import type { Accounts, Actor, RequestMeta } from '../accounts/index.ts';
import type { Audit } from '../audit/index.ts';
import type { Factors } from '../factors/index.ts';
import type { Clock } from '../platform/clock.ts';
import { diffValues } from '../platform/diff.ts';
import type { Db } from '../platform/db/connect.ts';
import type { OrgId, UserId } from '../platform/ids.ts';
import { checkLoginTwoFactor } from './checks/login-two-factor.ts';
import { settingsSchema, type OrgSettings, type SettingsPatch } from './settings.ts';
import { readSettings, writeSettings } from './settings.store.ts';
import { createSignIn } from './sign-in.ts';

export type { OrgSettings, Scope, SettingsPatch } from './settings.ts';
export { DEFAULT_SETTINGS, settingsSchema, settingsPatchSchema, scopeSchema } from './settings.ts';

export type PoliciesDeps = { db: Db; clock: Clock; audit: Audit; accounts: Accounts; factors: Factors };

export function createPolicies(deps: PoliciesDeps) {
  const { db, audit, accounts, factors } = deps;
  const settings = (orgId: OrgId) => readSettings(accounts, db, orgId);
  const flow = createSignIn({ db, accounts, factors, settings });

  return {
    settings,
    signIn: flow.signIn,
    /** The state a new session of this user starts in (SSO uses it too). */
    decideSessionState: flow.decide,

    async updateSettings(actor: Actor, patch: SettingsPatch, meta: RequestMeta): Promise<OrgSettings> {
      return db.transaction().execute(async (tx) => {
        const before = await readSettings(accounts, tx, actor.orgId);
        const after = settingsSchema.parse({ ...before, ...patch });
        await writeSettings(accounts, tx, actor.orgId, after);
        await audit.append(tx, { orgId: actor.orgId, type: 'settings.changed', actor: { userId: actor.userId, label: actor.label }, target: { type: 'organization', id: actor.orgId }, data: diffValues(before, after), ip: meta.ip, requestId: meta.requestId });
        // Turning trusted devices off revokes them, so turning the feature on again revives none (G3).
        if (before.trustedDevices.enabled && !after.trustedDevices.enabled) {
          const count = await factors.revokeOrgTrustedDevices(tx, actor.orgId);
          await audit.append(tx, { orgId: actor.orgId, type: 'trusted_device.revoked', actor: { userId: actor.userId, label: actor.label }, target: { type: 'organization', id: actor.orgId }, data: { count, by: 'policy' }, ip: meta.ip, requestId: meta.requestId });
        }
        return after;
      });
    },

    /** Whether a policy requires 2FA of this user (this issue: `loginTwoFactor.scope.everyone`). */
    async requiresTwoFactor(orgId: OrgId, _userId: UserId): Promise<boolean> {
      return checkLoginTwoFactor(await settings(orgId), { hasActiveFactor: false }).required;
    },

    /** `enforcement` of GET /auth/session. */
    async enforcementFor(orgId: OrgId, userId: UserId) {
      const s = await settings(orgId);
      const required = checkLoginTwoFactor(s, { hasActiveFactor: false }).required;
      return { mode: s.enforcement.mode, required, enrolled: await factors.isEnrolled(db, userId) };
    },
  };
}

export type Policies = ReturnType<typeof createPolicies>;
