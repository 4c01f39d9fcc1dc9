// Does this sign-in need a second factor? A named check that says why (docs/architecture.md: policies
// are checks returning a reason, after node-oidc-provider's prompts). Anyone with a factor is
// asked for it; anyone in `loginTwoFactor.scope` must have one.
import type { ScopeMember, ScopeReason } from '../scope.ts';
import { scopeReasons } from '../scope.ts';
import type { OrgSettings } from '../settings.ts';

export type LoginTwoFactorCheck = { required: boolean; enrolled: boolean; reasons: ('has_active_factor' | ScopeReason)[] };

export function checkLoginTwoFactor(settings: OrgSettings, member: ScopeMember, enrolled: boolean): LoginTwoFactorCheck {
  const inScope = scopeReasons(settings.loginTwoFactor.scope, member);
  const reasons: LoginTwoFactorCheck['reasons'] = enrolled ? ['has_active_factor', ...inScope] : inScope;
  return { required: reasons.length > 0, enrolled, reasons };
}
