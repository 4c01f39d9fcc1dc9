// Does this sign-in need a second factor? A named check that says why (STYLE.md: policies
// are checks returning a reason, after node-oidc-provider's prompts).
// This rule: everyone with an active factor, and everyone in the organisation when
// `loginTwoFactor.scope.everyone` is set. The full scope model (types, roles, groups, users)
// comes with the policies issue and plugs in here.
import type { OrgSettings } from '../settings.ts';

export type LoginTwoFactorReason = 'has_active_factor' | 'scope_everyone' | 'not_required';
export type LoginTwoFactorCheck = { required: boolean; enrolled: boolean; reason: LoginTwoFactorReason };

export function checkLoginTwoFactor(settings: OrgSettings, user: { hasActiveFactor: boolean }): LoginTwoFactorCheck {
  if (user.hasActiveFactor) return { required: true, enrolled: true, reason: 'has_active_factor' };
  if (settings.loginTwoFactor.scope.everyone) return { required: true, enrolled: false, reason: 'scope_everyone' };
  return { required: false, enrolled: false, reason: 'not_required' };
}
