// Opening a round of review: a step becomes open for an item. Its reviewers are resolved now
// (groups and roles expanded to their active members, the submitter left out: nobody approves
// their own item), one task each, guests invited, reviewers emailed, all in the caller's
// transaction. `reviewers` fixes the count that the threshold "all" needs.
import type { Tx } from '../platform/db/connect.ts';
import { newId, type ItemId, type OrgId, type UserId } from '../platform/ids.ts';
import { Problem } from '../platform/problems.ts';
import type { Member } from '../accounts/index.ts';
import type { StepDefinition } from './definitions.ts';
import type { WorkflowsDeps } from './deps.ts';
import { createInvites } from './guests/invites.ts';
import { insertRound, insertTasks } from './items.store.ts';
import { notifyDelegates } from './delegation.ts';
import { dueAtOf } from './due-times.ts';
import { inviteKey, userKey } from './reviewer-keys.ts';

/** The user ids a step's reviewers stand for today, without the submitter. */
export function resolveReviewers(step: StepDefinition, members: Member[], submitterId: string): { userIds: UserId[]; guests: { email: string; name: string }[] } {
  const ids = new Set<UserId>();
  for (const r of step.reviewers) {
    if ('user' in r) { if (members.some((m) => m.id === r.user)) ids.add(r.user as UserId); }
    else if ('group' in r) for (const m of members) { if (m.groupIds.includes(r.group)) ids.add(m.id); }
    else if ('role' in r) for (const m of members) { if (m.roles.includes(r.role)) ids.add(m.id); }
  }
  ids.delete(submitterId as UserId);
  const guests = step.reviewers.flatMap((r) => ('guest' in r ? [{ email: r.guest.email.toLowerCase(), name: r.guest.name ?? r.guest.email }] : []));
  return { userIds: [...ids], guests };
}

export type RoundContext = {
  orgId: OrgId; itemId: ItemId; title: string; submitter: { id: string; name: string }; steps: StepDefinition[]; stepIndex: number; round: number;
  invitedBy: { userId: string | null; name: string };
};

export async function openRound(tx: Tx, deps: WorkflowsDeps, c: RoundContext, now: number): Promise<void> {
  const step = c.steps[c.stepIndex]!;
  const members = await deps.accounts.listActiveMembers(tx, c.orgId);
  const { userIds, guests } = resolveReviewers(step, members, c.submitter.id);
  if (userIds.length + guests.length === 0) throw new Problem('no_reviewers', { detail: `The step "${step.name}" has nobody who can review it (the submitter does not count): ask an admin to change the workflow or its groups` });
  await insertRound(tx, { item_id: c.itemId, round: c.round, org_id: c.orgId, step_index: c.stepIndex, reviewers: userIds.length + guests.length, opened_at: now, closed_at: null, outcome: null, due_at: dueAtOf(step, now) });
  const invites = await createInvites(tx, deps, { orgId: c.orgId, itemId: c.itemId, title: c.title, round: c.round, stepIndex: c.stepIndex, stepName: step.name, invitedBy: c.invitedBy }, guests, now);
  await insertTasks(tx, [
    ...userIds.map((u) => ({ id: newId('tsk'), org_id: c.orgId, item_id: c.itemId, round: c.round, step_index: c.stepIndex, reviewer_key: userKey(u), user_id: u, invite_id: null, open: 1, assigned_at: now })),
    ...invites.map((i) => ({ id: newId('tsk'), org_id: c.orgId, item_id: c.itemId, round: c.round, step_index: c.stepIndex, reviewer_key: inviteKey(i.inviteId), user_id: null, invite_id: i.inviteId, open: 1, assigned_at: now })),
  ]);
  for (const u of userIds) {
    const m = members.find((x) => x.id === u)!;
    await deps.mail.enqueue(tx, {
      orgId: c.orgId, to: m.email, template: 'review-request',
      vars: { name: m.name, title: c.title, stepName: step.name, submittedBy: c.submitter.name, protectedStep: step.requireTwoFactor || step.requireSignature, link: `${deps.config.baseUrl}/items/${c.itemId}` },
    });
  }
  await notifyDelegates(tx, deps, c, userIds, now);
}

/** Whether every step has someone to review it today (checked at submission). */
export function assertEveryStepReviewable(steps: StepDefinition[], members: Member[], submitterId: string): void {
  for (const step of steps) {
    const r = resolveReviewers(step, members, submitterId);
    if (r.userIds.length + r.guests.length === 0) throw new Problem('no_reviewers', { detail: `The step "${step.name}" has nobody who can review it (the submitter does not count)` });
  }
}
