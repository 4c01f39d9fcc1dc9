// The policy editor's working copy of the organisation settings, and the PATCH it becomes.
// PATCH /admin/settings replaces each top-level part whole, so a changed part is sent complete
// and an unchanged one is not sent at all (another admin's change to it is not overwritten).
import type { OrgSettings } from '../../../api/types.ts';

/** The parts this editor owns; `sso` and `financialIntegration` are never sent from here. */
const EDITED_PARTS = ['enrollmentMode', 'loginTwoFactor', 'enforcement', 'trustedDevices', 'recovery', 'stepUpMethods'] as const;
type EditedPart = (typeof EDITED_PARTS)[number];

/** Trusted-device days are typed as text; the rest is the settings shape itself. */
export type PolicyDraft = Pick<OrgSettings, EditedPart> & { trustDays: string };

export const draftFrom = (s: OrgSettings): PolicyDraft => ({
  enrollmentMode: s.enrollmentMode,
  loginTwoFactor: s.loginTwoFactor,
  enforcement: s.enforcement,
  trustedDevices: s.trustedDevices,
  recovery: s.recovery,
  stepUpMethods: s.stepUpMethods,
  trustDays: String(s.trustedDevices.days),
});

function settingsOf(d: PolicyDraft, saved: OrgSettings): Pick<OrgSettings, EditedPart> {
  const enabled = d.trustedDevices.enabled;
  return {
    enrollmentMode: d.enrollmentMode,
    loginTwoFactor: d.loginTwoFactor,
    enforcement: d.enforcement,
    // Days only matter while trust is on; switched off, the stored number is kept for later.
    trustedDevices: { enabled, days: enabled ? Number(d.trustDays) : saved.trustedDevices.days },
    recovery: d.recovery,
    stepUpMethods: d.stepUpMethods,
  };
}

/** JSON in which lists of names compare as sets: ticking boxes in another order changes nothing. */
const canonical = (v: unknown): string =>
  JSON.stringify(v, (_k, x: unknown) => (Array.isArray(x) && x.every((e) => typeof e === 'string') ? [...x].sort() : x));

/** Only the parts that differ from what is saved. */
export function changedParts(d: PolicyDraft, saved: OrgSettings): Partial<OrgSettings> {
  const next = settingsOf(d, saved);
  const patch: Partial<Record<EditedPart, unknown>> = {};
  for (const key of EDITED_PARTS) if (canonical(next[key]) !== canonical(saved[key])) patch[key] = next[key];
  return patch as Partial<OrgSettings>;
}

export function validateDraft(d: PolicyDraft): Record<string, string> {
  const errors: Record<string, string> = {};
  const n = Number(d.trustDays);
  if (d.trustedDevices.enabled && !(Number.isInteger(n) && n >= 1 && n <= 365)) errors['trustedDevices.days'] = 'Enter a whole number of days from 1 to 365.';
  if (d.stepUpMethods.length === 0) errors['stepUpMethods'] = 'Choose at least one method.';
  return errors;
}
