// Due dates, reminders and escalation (issue 13 item 3). A round of a step with `dueInHours`
// is due that long after it opens (rounds.ts). A periodic job on every instance looks for open
// rounds with work due (due-times.ts says which) and does it, one round per transaction:
//   reminder → lock the item (the lock order of a decision) → claim it (due-dates.store.ts) → email every reviewer who has not decided (guests
//     through a fresh invite link) → audit `step.reminder_sent`;
//   due time → claim the item (as a decision does) → claim the overdue mark → history `overdue`,
//     audit `step.overdue` → email the submitter and the workflow's owners → the step's
//     onOverdue: `notify` (nothing more), `escalate` (escalate() below) or `reject`
//     (the decision pipeline's closeStep with reason "overdue", so onReject end/previous holds).
// A decision that closed the round first, or another instance that claimed it, makes the claim
// update nothing, and the transaction does nothing.
//
// Who "owns" a workflow for the overdue email: its creator and the organisation's owners (the
// people who define workflows besides admins, definitions.ts); when none of them is an active
// member, the admins, so an overdue step is never silent. The submitter is emailed once.
import type { Tx } from '../platform/db/connect.ts';
import { iso } from '../platform/clock.ts';
import { newToken } from '../platform/crypto/random.ts';
import { newId } from '../platform/ids.ts';
import { periodicJob } from '../platform/periodic-job.ts';
import type { Member } from '../accounts/index.ts';
import type { Definitions, StepDefinition } from './definitions.ts';
import { findWorkflow } from './definitions.store.ts';
import type { WorkflowsDeps } from './deps.ts';
import type { RequestMeta as Meta } from '../platform/request-meta.ts';
import { createInvites, inviteLink, inviteTokenHash } from './guests/invites.ts';
import { replaceInviteToken } from './guests/guests.store.ts';
import { appendItemEvent, claimOpenItem, countVotes, findItem, findRound, type ItemRow } from './items.store.ts';
import { emailReviewRequests, insertReviewerTasks, namedBy, resolveReviewers, type Rounds } from './rounds.ts';
import {
  adjustRoundReviewers,
  claimRoundOverdue,
  claimRoundReminder,
  closeUndecidedTasks,
  listRoundParticipants,
  listRoundsWithDueWork,
  listUndecided,
  lockOpenItem,
  type DueRound,
} from './due-dates.store.ts';
import { dueWork, hasDayBefore, type ReminderKind } from './due-times.ts';
import { itemLink } from './item-link.ts';

/** How often each instance looks for due work; reminders and overdue marks are at most this late. */
const DUE_DATE_INTERVAL_MS = 5 * 60_000;
/** Rounds handled per pass; the rest wait for the next pass. */
const BATCH = 200;
/** The audit trail's actor for due-date work: the scheduler, never a user. */
const SCHEDULER = { label: 'signoff due dates' };
const META: Meta = { ip: '127.0.0.1' };

export type DueDateLog = { error(obj: object, msg: string): void };

export function createDueDates(deps: WorkflowsDeps, definitions: Definitions, closeStep: Rounds['closeStep']) {
  const { db, clock, audit, accounts, mail, config } = deps;

  /** One pass: every round with work due now. Returns how many reminders or overdue marks this call made. */
  async function runOnce(log?: DueDateLog): Promise<number> {
    const now = clock.now();
    let done = 0;
    for (const round of await listRoundsWithDueWork(db, now, BATCH)) {
      const work = dueWork(
        {
          openedAt: round.opened_at,
          dueAt: round.due_at,
          remindedHalfAt: round.reminded_half_at,
          remindedDayAt: round.reminded_day_at,
          overdueAt: round.overdue_at,
        },
        now,
      );
      if (!work) continue;
      // One round's failure (a damaged definition) does not stop the others; the next pass retries it.
      try {
        const did = work.kind === 'overdue' ? await markOverdue(round, now) : await remind(round, work.reminder, now);
        if (did) done++;
      } catch (err) {
        log?.error({ itemId: round.item_id, round: round.round, error: err instanceof Error ? err.message : String(err) }, 'due-date work failed for a round');
      }
    }
    return done;
  }

  async function loadRound(round: DueRound) {
    const orgId = round.org_id;
    const item = await findItem(db, orgId, round.item_id);
    if (!item || item.status !== 'in_review' || Number(item.round) !== round.round) return undefined;
    const def = await definitions.load(db, orgId, item.workflow_id, item.workflow_version);
    const step = def?.steps[round.step_index];
    return def && step ? { orgId, item, def, step } : undefined;
  }

  async function remind(round: DueRound, kind: ReminderKind, now: number): Promise<boolean> {
    const loaded = await loadRound(round);
    if (!loaded) return false;
    const { orgId, item, step } = loaded;
    const itemId = item.id;
    return db.transaction().execute(async (tx) => {
      const settleOther = kind === 'day_before' || !hasDayBefore({ openedAt: round.opened_at, dueAt: round.due_at });
      if (!(await lockOpenItem(tx, itemId, round.round))) return false;
      if (!(await claimRoundReminder(tx, itemId, round.round, kind, now, settleOther))) return false;
      const vars = { title: item.title, stepName: step.name, dueAt: iso(round.due_at), minutesLeft: Math.round((round.due_at - now) / 60_000) };
      const undecided = await listUndecided(tx, itemId, round.round);
      const userIds = undecided.flatMap((r) => (r.user_id ? [r.user_id] : []));
      const members = new Map((await accounts.listActiveMembersNamed(tx, orgId, { userIds })).map((m) => [m.id as string, m]));
      const memberLink = itemLink(config.baseUrl, itemId);
      let sent = 0;
      for (const r of undecided) {
        const member = r.user_id ? members.get(r.user_id) : undefined;
        if (member) {
          await mail.enqueue(tx, { orgId, to: member.email, template: 'review-reminder', vars: { ...vars, name: member.name, link: memberLink } });
          sent++;
        } else if (r.invite_id && r.guest_email && r.revoked_at === null) {
          // The link is stored only as its HMAC: a reminder carries a fresh one (and a fresh expiry), as a resend does.
          const token = newToken();
          if (!(await replaceInviteToken(tx, r.invite_id, inviteTokenHash(deps.hmacKey, token), now + config.inviteTtlMs, now))) continue;
          const guestVars = {
            ...vars,
            name: r.guest_name ?? r.guest_email,
            link: inviteLink(config.baseUrl, token),
            expiresMinutes: Math.round(config.inviteTtlMs / 60_000),
          };
          await mail.enqueue(tx, { orgId, to: r.guest_email, template: 'review-reminder', vars: guestVars });
          sent++;
        }
      }
      await audit.append(tx, {
        orgId,
        type: 'step.reminder_sent',
        actor: SCHEDULER,
        target: { type: 'item', id: itemId },
        data: { itemId, step: round.step_index, round: round.round, reminder: kind, dueAt: iso(round.due_at), recipients: sent },
      });
      return true;
    });
  }

  async function markOverdue(round: DueRound, now: number): Promise<boolean> {
    const loaded = await loadRound(round);
    if (!loaded) return false;
    const { orgId, item, def, step } = loaded;
    const itemId = item.id;
    const onOverdue = step.onOverdue ?? 'notify';
    return db.transaction().execute(async (tx) => {
      // The item first, as a decision or a cancellation claims it: whichever comes second sees the round as it was left.
      const claim = await claimOpenItem(tx, orgId, itemId, round.round, now);
      if (!claim) return false;
      if (!(await claimRoundOverdue(tx, itemId, round.round, now))) return false;
      await event(tx, item, 'overdue', round.step_index, now);
      await audit.append(tx, {
        orgId,
        type: 'step.overdue',
        actor: SCHEDULER,
        target: { type: 'item', id: itemId },
        data: { itemId, step: round.step_index, round: round.round, dueAt: iso(round.due_at), onOverdue },
      });
      await tellOwners(tx, item, step, round, onOverdue);
      if (onOverdue === 'escalate') await escalate(tx, item, step, round, now);
      if (onOverdue === 'reject') {
        const reviewers = Number((await findRound(tx, itemId, round.round))?.reviewers ?? 0);
        await closeStep(tx, item, def, round.step_index, 'rejected', await countVotes(tx, itemId, round.round), reviewers, META, claim, 'overdue');
      }
      return true;
    });
  }

  async function event(tx: Tx, item: ItemRow, action: 'overdue' | 'escalated', stepIndex: number, now: number, comment: string | null = null) {
    await appendItemEvent(tx, {
      id: newId('evt'),
      org_id: item.org_id,
      item_id: item.id,
      at: now,
      action,
      actor_user_id: null,
      actor_invite_id: null,
      actor_name: null,
      actor_email: null,
      step_index: stepIndex,
      decision: null,
      comment,
      method: null,
      signature_id: null,
    });
  }

  /** The submitter, the workflow's creator and the organisation's owners (admins when none of those is active), once each. */
  async function tellOwners(tx: Tx, item: ItemRow, step: StepDefinition, round: DueRound, action: 'notify' | 'escalate' | 'reject') {
    const orgId = item.org_id;
    const creator = (await findWorkflow(tx, orgId, item.workflow_id))?.created_by;
    const named = { userIds: [item.submitter_id, ...(creator ? [creator] : [])], roles: ['owner', 'admin'] as const };
    const members = await accounts.listActiveMembersNamed(tx, orgId, named);
    let owners = members.filter((m) => m.id === creator || m.roles.includes('owner'));
    if (owners.length === 0) owners = members.filter((m) => m.roles.includes('admin'));
    const submitter = members.find((m) => m.id === item.submitter_id);
    const recipients = new Map<string, Member>([...(submitter ? [submitter] : []), ...owners].map((m) => [m.id, m]));
    for (const m of recipients.values()) {
      const vars = { name: m.name, title: item.title, stepName: step.name, dueAt: iso(round.due_at), action, link: itemLink(config.baseUrl, item.id) };
      await mail.enqueue(tx, { orgId, to: m.email, template: 'step-overdue', vars });
    }
  }

  /**
   * Adds the step's escalation reviewers to the open round, resolved as openRound resolves
   * reviewers (groups and roles to their active members, never the submitter), without anyone
   * who already has a task in the round; tasks, invites and emails as when a step opens.
   * Threshold "all": the escalation reviewers stand in for the reviewers who had not decided by
   * the due time (their tasks close), so the step needs everyone who already approved and every
   * escalation reviewer. Adding them to the absentees instead would let nobody unblock an "all"
   * step. When nobody new can be added, the round stays as it was (the owners were emailed).
   */
  async function escalate(tx: Tx, item: ItemRow, step: StepDefinition, round: DueRound, now: number) {
    const orgId = item.org_id;
    const itemId = item.id;
    const members = await accounts.listActiveMembersNamed(tx, orgId, namedBy(step.escalateTo ?? [], [item.submitter_id]));
    const resolved = resolveReviewers({ ...step, reviewers: step.escalateTo ?? [] }, members, item.submitter_id);
    const present = await listRoundParticipants(tx, itemId, round.round);
    const userIds = resolved.userIds.filter((u) => !present.userIds.has(u));
    const guests = resolved.guests.filter((g) => !present.guestEmails.has(g.email));
    const added = userIds.length + guests.length;
    const replaced = added > 0 && step.threshold.type === 'all' ? await closeUndecidedTasks(tx, itemId, round.round) : 0;
    if (added > 0) {
      const submitter = members.find((m) => m.id === item.submitter_id);
      const inviteRound = {
        orgId,
        itemId,
        title: item.title,
        round: round.round,
        stepIndex: round.step_index,
        stepName: step.name,
        invitedBy: { userId: null, name: 'Signoff' },
      };
      const invites = await createInvites(tx, deps, inviteRound, guests, now);
      // Overdue from the start: the round already is.
      const task = {
        org_id: orgId,
        item_id: itemId,
        round: round.round,
        step_index: round.step_index,
        open: 1,
        assigned_at: now,
        overdue: 1,
        title: item.title,
        submitter_id: item.submitter_id,
        workflow_id: item.workflow_id,
        workflow_version: item.workflow_version,
        due_at: round.due_at,
      };
      await insertReviewerTasks(tx, task, userIds, invites);
      await adjustRoundReviewers(tx, itemId, round.round, added - replaced);
      await emailReviewRequests(tx, deps, orgId, members, userIds, {
        title: item.title,
        stepName: step.name,
        submittedBy: submitter?.name ?? '',
        protectedStep: step.requireTwoFactor || step.requireSignature,
        itemId,
      });
      await event(tx, item, 'escalated', round.step_index, now);
    }
    await audit.append(tx, {
      orgId,
      type: 'step.escalated',
      actor: SCHEDULER,
      target: { type: 'item', id: itemId },
      data: {
        itemId,
        step: round.step_index,
        round: round.round,
        addedUsers: userIds,
        addedGuests: guests.map((g) => g.email),
        replacedUndecided: replaced,
      },
    });
  }

  /** The job every instance runs (main.ts): a pass every DUE_DATE_INTERVAL_MS between start() and stop(). */
  function scheduler(o: { intervalMs?: number; log?: DueDateLog } = {}) {
    const job = periodicJob({
      intervalMs: o.intervalMs ?? DUE_DATE_INTERVAL_MS,
      run: () => runOnce(o.log),
      onError: (err) => o.log?.error({ error: err instanceof Error ? err.message : String(err) }, 'due-date pass failed'),
    });
    return { runOnce: () => runOnce(o.log), start: job.start, stop: job.stop };
  }

  return { runOnce, scheduler };
}
