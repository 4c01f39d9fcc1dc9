// One pass of enrollment reminders over one organisation (docs/guide.md §4): under `soft` a weekly
// email, under `hard` a daily one, to every active member in the effective enforcement scope
// (everyone while a financial integration is connected) who has not enrolled. Enrolling stops
// them: an enrolled user is skipped on the next pass.
//
// Per user, in ONE transaction: claim the ledger row (user, period) → enqueue the email →
// append `two_factor.reminder_sent`. The claim is an INSERT … ON CONFLICT DO NOTHING, so two
// instances running this at once, or a pass re-run after a crash or restart, send one reminder
// per user per period and never two; a rollback takes the claim, the email and the audit entry
// back together.
//
// Reads, and their known limits: the members of one organisation at a time (one query for the
// users, one for their groups), the ledger rows of this period (one query), then one indexed
// "is enrolled?" lookup per in-scope member not reminded yet in this period. Members who were
// reminded cost nothing more until the next period; enrolled members cost that one lookup per
// pass. A batch "enrolled users of an organisation" in factors/index.ts would remove it.
import type { Accounts } from '../../accounts/index.ts';
import type { Audit } from '../../audit/index.ts';
import type { Factors } from '../../factors/index.ts';
import type { Clock } from '../../platform/clock.ts';
import type { Db, Tx } from '../../platform/db/connect.ts';
import type { OrgId } from '../../platform/ids.ts';
import { effectiveEnforcementScope } from '../../settings/index.ts';
import { isInScope } from '../../settings/index.ts';
import { addRequiredMembers, addsByPolicy } from '../auto-enroll.ts';
import { readSettings } from '../../settings/index.ts';
import { reminderPeriod, type ReminderMode } from './reminder-period.ts';
import { claimReminder, listRemindedUserIds } from './reminders.store.ts';

/** The message this use case queues; a member of mail's MailMessage union (policies may not import mail). */
type ReminderMail = { orgId: string; to: string; template: 'enrollment-reminder'; vars: { name: string; mode: ReminderMode; link: string } };

export type RemindersDeps = {
  db: Db;
  clock: Clock;
  audit: Audit;
  accounts: Accounts;
  factors: Pick<Factors, 'isEnrolled' | 'enrolledIn' | 'isAddedToTwoFactor' | 'listAddedUserIds' | 'policyEnrollment'>;
  /** The mail outbox: enqueue inside the caller's transaction (main.ts hands in `mail`). */
  mail: { enqueue(tx: Tx, message: ReminderMail): Promise<{ id: string }> };
  /** The installation's address, without a trailing slash (config.baseUrl). */
  baseUrl: string;
};

/** The audit trail's actor for reminders: the scheduler, never a user. */
const SCHEDULER = { label: 'signoff reminders' };

/** Sends this period's reminders for one organisation; returns how many this call sent. */
export async function sendOrgReminders(deps: RemindersDeps, orgId: OrgId): Promise<number> {
  const { db, clock } = deps;
  const settings = await readSettings(deps.accounts, db, orgId);
  const mode = settings.enforcement.mode;
  if (mode === 'off') return 0;
  const now = clock.now();
  const period = reminderPeriod(mode, now);
  const scope = effectiveEnforcementScope(settings);
  // Reminders go only to people who can act: in admin-controlled mode the policy adds whom it
  // requires first (a safety net: settings changes and user changes add them too), and anyone
  // still not added is not asked for what they cannot do.
  let added: Set<string> | undefined;
  if (addsByPolicy(settings)) {
    await db.transaction().execute((tx) => addRequiredMembers(deps, tx, orgId, settings, 'reminders'));
    added = await deps.factors.listAddedUserIds(db, orgId);
  }
  const [members, reminded] = await Promise.all([deps.accounts.listActiveMembers(db, orgId), listRemindedUserIds(db, orgId, period)]);
  const link = `${deps.baseUrl}/security`;

  let sent = 0;
  for (const member of members) {
    if (reminded.has(member.id) || !isInScope(scope, member) || (added && !added.has(member.id))) continue;
    // Read outside the transaction: a user enrolling in the instant between this read and the
    // claim gets this period's reminder, and none after.
    if (await deps.factors.isEnrolled(db, member.id)) continue;
    const didSend = await db.transaction().execute(async (tx) => {
      if (!(await claimReminder(tx, { userId: member.id, orgId, period, mode, sentAt: now }))) return false;
      const message = await deps.mail.enqueue(tx, { orgId, to: member.email, template: 'enrollment-reminder', vars: { name: member.name, mode, link } });
      await deps.audit.append(tx, {
        orgId,
        type: 'two_factor.reminder_sent',
        actor: SCHEDULER,
        target: { type: 'user', id: member.id },
        data: { mode, period, messageId: message.id },
      });
      return true;
    });
    if (didSend) sent++;
  }
  return sent;
}
