// Whether a policy requires 2FA of a member, whatever they have enrolled: they are in the login
// scope, or enforcement is on and covers them (everyone under the financial-integration lock).
// Factors asks it before a user removes their last factor or an admin drops them from 2FA.
import type { ScopeMember } from '../scope.ts';
import type { OrgSettings } from '../settings.ts';
import { checkEnforcement } from './enforcement.ts';
import { checkLoginTwoFactor } from './login-two-factor.ts';

export function requiresTwoFactor(settings: OrgSettings, member: ScopeMember): boolean {
  const loginScope = checkLoginTwoFactor(settings, member, false).reasons.length > 0;
  return loginScope || checkEnforcement(settings, member, false).required;
}
