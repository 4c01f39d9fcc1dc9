// Organisation settings and who they cover: the settings document (schema, defaults, parse),
// scopes and the checks that say why a user needs 2FA. Below factors and policies, so both read
// the same settings without knowing each other (main.ts builds it right after accounts).
// The public surface of the module.
import type { Accounts } from '../accounts/index.ts';
import type { Executor } from '../platform/db/connect.ts';
import type { OrgId, UserId } from '../platform/ids.ts';
import { requiresTwoFactor } from './checks/requires-two-factor.ts';
import { readSettings } from './read-settings.ts';
import type { ScopeMember } from './scope.ts';

export { parseSettings, settingsPatchSchema, settingsSchema, type OrgSettings, type SettingsPatch } from './settings.ts';
export { readSettings, readSettingsForUpdate, writeSettings } from './read-settings.ts';
export { isInScope, type ScopeMember } from './scope.ts';
export { checkEnforcement, effectiveEnforcementScope, isHeldForEnrollment } from './checks/enforcement.ts';
export { checkLoginTwoFactor } from './checks/login-two-factor.ts';
export {
  clientSecretAad,
  parseSsoSettings,
  sealSsoSettings,
  ssoInputRule,
  ssoSettingsInputObjectSchema,
  ssoSettingsViewSchema,
  toSsoSettingsView,
  type SsoSettings,
  type SsoSettingsInput,
  type SsoSettingsView,
  type SsoTwoFactor,
} from './sso-settings.ts';

export function createSettings(deps: { db: Executor; accounts: Accounts }) {
  const read = (orgId: OrgId, db: Executor = deps.db) => readSettings(deps.accounts, db, orgId);
  return {
    /** The organisation's settings over the defaults (read outside any transaction unless `db` is one). */
    read,
    /** Whether a policy requires 2FA of this user: the login scope, or an enforcement scope (the lock included). */
    async requiresTwoFactor(orgId: OrgId, userId: UserId): Promise<boolean> {
      const member = await deps.accounts.findMember(deps.db, orgId, userId);
      return member !== undefined && requiresTwoFactor(await read(orgId), member);
    },
    /** requiresTwoFactor as a test of members the caller holds (many at once), on one read of the settings. */
    async twoFactorRequirement(orgId: OrgId): Promise<(member: ScopeMember) => boolean> {
      const s = await read(orgId);
      return (member) => requiresTwoFactor(s, member);
    },
  };
}
