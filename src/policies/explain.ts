// Which policies apply to a user and why (GET /admin/users/{id}/two-factor): the login scope and
// enforcement checks with their reasons, the usable methods, and the methods that count at
// protected steps.
import type { OrgId, UserId } from '../platform/ids.ts';
import { checkEnforcement, checkLoginTwoFactor, type OrgSettings } from '../settings/index.ts';
import type { PoliciesDeps } from './deps.ts';

export function createExplain({ db, accounts, factors }: Pick<PoliciesDeps, 'db' | 'accounts' | 'factors'>, settings: (orgId: OrgId) => Promise<OrgSettings>) {
  /** Which policies apply to this user and why (GET /admin/users/{id}/two-factor). */
  return async function explain(orgId: OrgId, userId: UserId) {
    const member = await accounts.findMember(db, orgId, userId);
    if (!member) return undefined;
    const s = await settings(orgId);
    const enrolled = await factors.isEnrolled(db, userId);
    const login = checkLoginTwoFactor(s, member, enrolled);
    const loginScope = login.reasons.filter((r) => r !== 'has_active_factor');
    const enforcement = checkEnforcement(s, member, enrolled);
    return {
      userId,
      enrolled,
      methods: await factors.listUsableMethods(db, userId),
      login: { required: login.required, inScope: loginScope.length > 0, reasons: login.reasons },
      enforcement: { mode: enforcement.mode, required: enforcement.required, reasons: enforcement.reasons, locked: s.financialIntegration.connected },
      stepUpMethods: s.stepUpMethods,
    };
  };
}
