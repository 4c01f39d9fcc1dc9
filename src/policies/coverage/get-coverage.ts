// The 2FA coverage view of an organisation (GET /api/v1/admin/two-factor/coverage): how many
// users a policy covers, how many of them enrolled, how many an admin added who have not set
// up yet, and how many reminders went out. Numbers only; the admin UI draws the chart.
//
// Definitions (each member is counted once):
// - in scope: active members in the login 2FA scope OR in the enforcement scope while
//   enforcement is soft or hard (the effective scope: everyone while a financial integration is
//   connected). A user named by both counts once. These are the users a policy asks 2FA of.
// - enrolled: in scope and enrolled as the enforcement check sees it (an active primary factor,
//   or one locked after too many failures: factors.isEnrolled).
// - pending: in scope, not enrolled, and added by an admin (admin-controlled enrollment).
// - notEnrolled: in scope, not enrolled, not pending. So inScope = enrolled + pending + notEnrolled.
// - remindersSent: rows of the reminder ledger (all periods, both modes).
// - outsideScope: active members no policy covers who enrolled anyway, or whom an admin added
//   (pending). With these the admin page's Active and Pending lists, which list everyone, add
//   up: Active = enrolled + outsideScope.enrolled (a factor locked after failures aside).
//
// A handful of statements whatever the number of members: who is enrolled is read for the whole
// organisation at once (factors.enrolledIn), and the pending list (factors.admin.list) too.
import { USER_TYPES, type Accounts, type Actor } from '../../accounts/index.ts';
import type { Factors } from '../../factors/index.ts';
import type { Clock } from '../../platform/clock.ts';
import type { Db } from '../../platform/db/connect.ts';
import { checkEnforcement } from '../../settings/index.ts';
import { countReminders } from '../reminders/reminders.store.ts';
import { isInScope } from '../../settings/index.ts';
import { readSettings } from '../../settings/index.ts';

export type CoverageDeps = { db: Db; clock: Clock; accounts: Accounts; factors: Pick<Factors, 'enrolledIn' | 'admin'> };

export type Coverage = {
  inScope: number;
  enrolled: number;
  pending: number;
  notEnrolled: number;
  remindersSent: { last7Days: number; total: number };
  outsideScope: { enrolled: number; pending: number };
  byUserType: { userType: string; inScope: number; enrolled: number }[];
  mode: 'off' | 'soft' | 'hard';
  locked: boolean;
};

const WEEK_MS = 7 * 86_400_000;

export async function getCoverage(deps: CoverageDeps, actor: Actor): Promise<Coverage> {
  const { db, accounts, factors } = deps;
  const orgId = actor.orgId;
  const settings = await readSettings(accounts, db, orgId);
  const members = await accounts.listActiveMembers(db, orgId);
  const covered = members.filter((m) => isInScope(settings.loginTwoFactor.scope, m) || checkEnforcement(settings, m, false).required);

  const enrolled = await factors.enrolledIn(db, orgId);
  const notYet = covered.filter((m) => !enrolled.has(m.id));
  const coveredIds = new Set(covered.map((m) => m.id));
  const outside = members.filter((m) => !coveredIds.has(m.id));
  const outsideNotYet = outside.filter((m) => !enrolled.has(m.id));
  const added = notYet.length + outsideNotYet.length > 0 ? new Set((await factors.admin.list(actor)).pending.map((e) => e.userId)) : new Set<string>();
  const pending = notYet.filter((m) => added.has(m.id)).length;

  const now = deps.clock.now();
  const [last7Days, total] = await Promise.all([countReminders(db, orgId, now - WEEK_MS), countReminders(db, orgId)]);

  // Every known user type, in the catalogue's order (zeros included, so a chart's axes stay put),
  // then any other type found in the data.
  const types = [...USER_TYPES, ...new Set(covered.map((m) => m.userType).filter((t) => !(USER_TYPES as readonly string[]).includes(t)))];
  const byUserType = types.map((userType) => {
    const ofType = covered.filter((m) => m.userType === userType);
    return { userType, inScope: ofType.length, enrolled: ofType.filter((m) => enrolled.has(m.id)).length };
  });

  return {
    inScope: covered.length,
    enrolled: covered.length - notYet.length,
    pending,
    notEnrolled: notYet.length - pending,
    remindersSent: { last7Days, total },
    outsideScope: { enrolled: outside.length - outsideNotYet.length, pending: outsideNotYet.filter((m) => added.has(m.id)).length },
    byUserType,
    mode: settings.enforcement.mode,
    locked: settings.financialIntegration.connected,
  };
}
