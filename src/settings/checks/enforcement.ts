// Enrollment enforcement (docs/guide.md §4): users in `enforcement.scope` without a factor are
// prompted (`soft`: skippable, weekly reminder) or stopped (`hard`: only enrollment works,
// daily reminder). The mandatory lock: while a financial integration is connected, the scope is
// everyone, whatever is stored.
import type { ScopeMember, ScopeReason } from '../scope.ts';
import { scopeReasons } from '../scope.ts';
import type { OrgSettings } from '../settings.ts';

export type EnforcementCheck = { mode: 'off' | 'soft' | 'hard'; required: boolean; enrolled: boolean; reasons: (ScopeReason | 'financial_integration')[] };

export function effectiveEnforcementScope(settings: OrgSettings): OrgSettings['enforcement']['scope'] {
  return settings.financialIntegration.connected ? { everyone: true } : settings.enforcement.scope;
}

export function checkEnforcement(settings: OrgSettings, member: ScopeMember, enrolled: boolean): EnforcementCheck {
  const mode = settings.enforcement.mode;
  if (mode === 'off') return { mode, required: false, enrolled, reasons: [] };
  const reasons: EnforcementCheck['reasons'] = settings.financialIntegration.connected
    ? ['financial_integration']
    : scopeReasons(settings.enforcement.scope, member);
  return { mode, required: reasons.length > 0, enrolled, reasons };
}

/** Whether this user's requests are held at the enrollment screen. */
export const isHeldForEnrollment = (c: EnforcementCheck): boolean => c.mode === 'hard' && c.required && !c.enrolled;
