// Admin-controlled enrollment plus a policy that requires 2FA must never lock anyone out
// (issue 12 item 1). In admin-controlled mode only users an admin added may set 2FA up; a
// policy that requires it of someone the admin has not added would hold them at a setup page
// where nothing works. So a policy adds them itself (Pending, audited as done by the policy):
// when the settings change, when a user joins a scope (created, type, roles or groups changed),
// and, as a safety net, at sign-in, on the session read and in the reminder pass.
//
// "Requires 2FA" is the login scope, or enrollment enforcement (soft or hard) in its effective
// scope (everyone while a financial integration is connected). Self-service organisations need
// nothing: everyone may set up.
import type { Accounts } from '../accounts/index.ts';
import type { Factors } from '../factors/index.ts';
import type { Db, Tx } from '../platform/db/connect.ts';
import type { OrgId, UserId } from '../platform/ids.ts';
import { effectiveEnforcementScope } from '../settings/index.ts';
import { isInScope, type ScopeMember } from '../settings/index.ts';
import type { OrgSettings } from '../settings/index.ts';

export type AutoEnrollDeps = {
  accounts: Pick<Accounts, 'listActiveMembers' | 'findMember'>;
  factors: Pick<Factors, 'isEnrolled' | 'enrolledIn' | 'isAddedToTwoFactor' | 'listAddedUserIds' | 'policyEnrollment'>;
};

/** Whether a policy requires this member to have a second factor (login scope, or enforcement while on). */
function policyRequiresTwoFactor(settings: OrgSettings, member: ScopeMember): boolean {
  if (isInScope(settings.loginTwoFactor.scope, member)) return true;
  return settings.enforcement.mode !== 'off' && isInScope(effectiveEnforcementScope(settings), member);
}

/** Whether adds by policy apply at all: only admin-controlled enrollment restricts who may set up. */
export const addsByPolicy = (settings: OrgSettings): boolean => settings.enrollmentMode === 'admin_controlled';

/**
 * Adds every active member a policy requires 2FA of who is neither added nor enrolled, in the
 * caller's transaction (every read takes `tx`: on SQLite a read beside an open transaction
 * would wait for it). Returns who this call added.
 */
export async function addRequiredMembers(deps: AutoEnrollDeps, tx: Tx, orgId: OrgId, settings: OrgSettings, reason: string): Promise<UserId[]> {
  if (!addsByPolicy(settings)) return [];
  const required = (await deps.accounts.listActiveMembers(tx, orgId)).filter((m) => policyRequiresTwoFactor(settings, m));
  if (required.length === 0) return [];
  // Who is added and who is enrolled, each one read for the organisation (not a look-up per member inside the transaction).
  const added = await deps.factors.listAddedUserIds(tx, orgId);
  const enrolled = await deps.factors.enrolledIn(tx, orgId);
  const missing = required.filter((m) => !added.has(m.id) && !enrolled.has(m.id)).map((m) => m.id);
  return missing.length === 0 ? [] : deps.factors.policyEnrollment.addByPolicy(tx, orgId, missing, reason);
}

/** One user (sign-in, session read): reads first, and opens a transaction only when an add is due. */
export async function addIfRequired(deps: AutoEnrollDeps & { db: Db }, orgId: OrgId, userId: UserId, settings: OrgSettings, reason: string): Promise<boolean> {
  if (!addsByPolicy(settings)) return false;
  const member = await deps.accounts.findMember(deps.db, orgId, userId);
  if (!member || !policyRequiresTwoFactor(settings, member)) return false;
  if ((await deps.factors.isAddedToTwoFactor(deps.db, userId)) || (await deps.factors.isEnrolled(deps.db, userId))) return false;
  const added = await deps.db.transaction().execute((tx) => deps.factors.policyEnrollment.addByPolicy(tx, orgId, [userId], reason));
  return added.length > 0;
}
