// Opening a round of review: a step becomes open for an item. Its reviewers are resolved now
// (groups and roles expanded to their active members, the submitter left out: nobody approves
// their own item), one task each, guests invited, reviewers emailed, all in the caller's
// transaction. `reviewers` fixes the count that the threshold "all" needs. And closing one:
// the threshold was met (a decision, a withdrawn guest, a due date's rejection), so the item
// moves to the next step, ends, or goes back a step and a new round opens.
import type { Tx } from '../platform/db/connect.ts';
import { newId, type InviteId, type ItemId, type OrgId, type UserId, type WorkflowId } from '../platform/ids.ts';
import { Problem } from '../platform/problems.ts';
import type { RequestMeta as Meta } from '../platform/request-meta.ts';
import type { Member } from '../accounts/index.ts';
import type { Definition, Definitions, StepDefinition } from './definitions.ts';
import type { Reviewer } from './types.ts';
import type { WorkflowsDeps } from './deps.ts';
import { createInvites } from './guests/invites.ts';
import {
  appendItemEvent,
  claimOpenItem,
  closeRound,
  closeTask,
  countVotes,
  insertRound,
  insertTasks,
  moveItem,
  withdrawFromRound,
  type ClaimedItem,
  type ItemRow,
} from './items.store.ts';
import { listActiveDelegationsOf } from './delegations.store.ts';
import { evaluateThreshold } from './thresholds.ts';
import { dueAtOf } from './due-times.ts';
import { inviteKey, userKey } from './reviewer-keys.ts';
import { itemLink } from './item-link.ts';

/**
 * Whom reviewer references name, to read only those members (accounts.listActiveMembersNamed):
 * resolveReviewers over them gives what it gives over everyone. `also`: people the caller needs too.
 */
export const namedBy = (reviewers: readonly Reviewer[], also: readonly UserId[] = []) => ({
  userIds: [...also, ...reviewers.flatMap((r) => ('user' in r ? [r.user] : []))],
  groupIds: reviewers.flatMap((r) => ('group' in r ? [r.group] : [])),
  roles: reviewers.flatMap((r) => ('role' in r ? [r.role] : [])),
});

/** The user ids a step's reviewers stand for today, without the submitter. */
export function resolveReviewers(
  step: StepDefinition,
  members: Member[],
  submitterId: UserId,
): { userIds: UserId[]; guests: { email: string; name: string }[] } {
  const ids = new Set<UserId>();
  for (const r of step.reviewers) {
    if ('user' in r) {
      if (members.some((m) => m.id === r.user)) ids.add(r.user);
    } else if ('group' in r)
      for (const m of members) {
        if (m.groupIds.includes(r.group)) ids.add(m.id);
      }
    else if ('role' in r)
      for (const m of members) {
        if (m.roles.includes(r.role)) ids.add(m.id);
      }
  }
  ids.delete(submitterId);
  const guests = step.reviewers.flatMap((r) => ('guest' in r ? [{ email: r.guest.email.toLowerCase(), name: r.guest.name ?? r.guest.email }] : []));
  return { userIds: [...ids], guests };
}

export type RoundContext = {
  orgId: OrgId;
  itemId: ItemId;
  title: string;
  workflow: { id: WorkflowId; version: number };
  submitter: { id: UserId; name: string };
  steps: StepDefinition[];
  stepIndex: number;
  round: number;
  invitedBy: { userId: UserId | null; name: string };
};

/** A task per member and per guest invite, each `task` under its reviewer key (a round's opening, an escalation). */
export async function insertReviewerTasks(
  tx: Tx,
  task: Omit<Parameters<typeof insertTasks>[1][number], 'id' | 'reviewer_key' | 'user_id' | 'invite_id'>,
  userIds: readonly UserId[],
  invites: readonly { inviteId: InviteId }[],
): Promise<void> {
  await insertTasks(tx, [
    ...userIds.map((u) => ({ ...task, id: newId('tsk'), reviewer_key: userKey(u), user_id: u, invite_id: null })),
    ...invites.map((i) => ({ ...task, id: newId('tsk'), reviewer_key: inviteKey(i.inviteId), user_id: null, invite_id: i.inviteId })),
  ]);
}

export async function openRound(tx: Tx, deps: WorkflowsDeps, c: RoundContext, now: number): Promise<void> {
  const step = c.steps[c.stepIndex]!;
  const members = await deps.accounts.listActiveMembersNamed(tx, c.orgId, namedBy(step.reviewers));
  const { userIds, guests } = resolveReviewers(step, members, c.submitter.id);
  if (userIds.length + guests.length === 0)
    throw new Problem('no_reviewers', {
      detail: `The step "${step.name}" has nobody who can review it (the submitter does not count): ask an admin to change the workflow or its groups`,
    });
  const dueAt = dueAtOf(step, now);
  await insertRound(tx, {
    item_id: c.itemId,
    round: c.round,
    org_id: c.orgId,
    step_index: c.stepIndex,
    reviewers: userIds.length + guests.length,
    opened_at: now,
    closed_at: null,
    outcome: null,
    due_at: dueAt,
  });
  const invites = await createInvites(
    tx,
    deps,
    { orgId: c.orgId, itemId: c.itemId, title: c.title, round: c.round, stepIndex: c.stepIndex, stepName: step.name, invitedBy: c.invitedBy },
    guests,
    now,
  );
  // What the task list shows of the item and round, copied into each task (migration 0018).
  const task = {
    org_id: c.orgId,
    item_id: c.itemId,
    round: c.round,
    step_index: c.stepIndex,
    open: 1,
    assigned_at: now,
    title: c.title,
    submitter_id: c.submitter.id,
    workflow_id: c.workflow.id,
    workflow_version: c.workflow.version,
    due_at: dueAt,
  };
  await insertReviewerTasks(tx, task, userIds, invites);
  await emailReviewRequests(tx, deps, c.orgId, members, userIds, {
    title: c.title,
    stepName: step.name,
    submittedBy: c.submitter.name,
    protectedStep: step.requireTwoFactor || step.requireSignature,
    itemId: c.itemId,
  });
  await notifyDelegates(tx, deps, c, userIds, now);
}

/** Emails each of `userIds` (found among `members`) that a review waits for them: a round's opening, an escalation. */
export async function emailReviewRequests(
  tx: Tx,
  deps: Pick<WorkflowsDeps, 'mail' | 'config'>,
  orgId: OrgId,
  members: readonly Member[],
  userIds: readonly UserId[],
  review: { title: string; stepName: string; submittedBy: string; protectedStep: boolean; itemId: string },
): Promise<void> {
  const byId = new Map(members.map((m) => [m.id, m]));
  const { itemId, ...rest } = review;
  const vars = { ...rest, link: itemLink(deps.config.baseUrl, itemId) };
  for (const u of userIds) {
    const m = byId.get(u)!;
    await deps.mail.enqueue(tx, { orgId, to: m.email, template: 'review-request', vars: { name: m.name, ...vars } });
  }
}

/** Whether every step has someone to review it today (checked at submission). */
export function assertEveryStepReviewable(steps: StepDefinition[], members: Member[], submitterId: UserId): void {
  for (const step of steps) {
    const r = resolveReviewers(step, members, submitterId);
    if (r.userIds.length + r.guests.length === 0)
      throw new Problem('no_reviewers', { detail: `The step "${step.name}" has nobody who can review it (the submitter does not count)` });
  }
}

/** In the transaction that opens a round: each reviewer away with a running delegation has their delegate emailed. */
async function notifyDelegates(tx: Tx, deps: WorkflowsDeps, c: RoundContext, reviewerIds: UserId[], now: number): Promise<void> {
  for (const d of await listActiveDelegationsOf(tx, c.orgId, reviewerIds, now)) {
    if (d.delegate_user_id === c.submitter.id) continue;
    const delegate = await deps.accounts.findContact(tx, c.orgId, d.delegate_user_id);
    const delegator = await deps.accounts.findContact(tx, c.orgId, d.user_id);
    if (!delegate || !delegator) continue;
    await deps.mail.enqueue(tx, {
      orgId: c.orgId,
      to: delegate.email,
      template: 'delegation-notice',
      vars: {
        kind: 'task',
        name: delegate.name,
        delegator: delegator.name,
        title: c.title,
        stepName: c.steps[c.stepIndex]!.name,
        link: itemLink(deps.config.baseUrl, c.itemId),
      },
    });
  }
}

export type Rounds = ReturnType<typeof createRounds>;

/** Closing a step (the threshold was met, or a due date rejected it) and leaving a round without deciding. */
export function createRounds(deps: WorkflowsDeps, definitions: Definitions) {
  const { clock, audit, accounts, mail, config } = deps;

  /** The threshold closed the step: next step, the end, or back to the previous step. */
  async function closeStep(
    tx: Tx,
    item: ItemRow,
    def: Definition,
    stepIndex: number,
    outcome: 'approved' | 'rejected',
    tally: { approvals: number; rejections: number },
    reviewers: number,
    meta: Meta,
    claim: ClaimedItem,
    reason?: string,
  ) {
    const itemId = item.id;
    const now = claim.at;
    const orgId = item.org_id;
    const step = def.steps[stepIndex]!;
    await closeRound(tx, itemId, item.round, outcome, now);
    const event = (action: string, at: number | null, comment: string | null = null) =>
      appendItemEvent(tx, {
        id: newId('evt'),
        org_id: orgId,
        item_id: itemId,
        at: now,
        action,
        actor_user_id: null,
        actor_invite_id: null,
        actor_name: null,
        actor_email: null,
        step_index: at,
        decision: null,
        comment,
        method: null,
        signature_id: null,
      });
    await event(outcome === 'approved' ? 'step_approved' : 'step_rejected', stepIndex, reason ?? null);
    const next = outcome === 'approved' ? stepIndex + 1 : step.onReject === 'previous' && stepIndex > 0 ? stepIndex - 1 : undefined;
    const ends = next === undefined || next >= def.steps.length;
    await audit.append(tx, {
      orgId,
      type: 'step.closed',
      actor: { label: 'signoff' },
      target: { type: 'item', id: itemId },
      data: {
        itemId,
        step: stepIndex,
        round: item.round,
        outcome,
        approvals: tally.approvals,
        rejections: tally.rejections,
        reviewers,
        threshold: step.threshold,
        next: ends ? null : next,
        ...(reason ? { reason } : {}),
      },
      ip: meta.ip,
      requestId: meta.requestId,
    });
    const submitter = await accounts.findContact(tx, orgId, item.submitter_id);
    const tellSubmitter = (o: 'approved' | 'rejected' | 'returned', stepName: string) =>
      submitter
        ? mail.enqueue(tx, {
            orgId,
            to: submitter.email,
            template: 'item-outcome',
            vars: { name: submitter.name, title: item.title, outcome: o, stepName, link: itemLink(config.baseUrl, itemId) },
          })
        : Promise.resolve();

    if (ends) {
      await moveItem(tx, claim, { status: outcome, current_step: stepIndex, round: item.round, closed_at: now });
      await event(outcome, null);
      await audit.append(tx, {
        orgId,
        type: 'item.closed',
        actor: { label: 'signoff' },
        target: { type: 'item', id: itemId },
        data: { itemId, status: outcome, step: stepIndex, contentHash: item.content_hash },
        ip: meta.ip,
        requestId: meta.requestId,
      });
      await tellSubmitter(outcome, step.name);
      return;
    }
    const round = item.round + 1;
    await moveItem(tx, claim, { status: 'in_review', current_step: next, round, closed_at: null });
    if (outcome === 'rejected') {
      await event('returned', next);
      await tellSubmitter('returned', def.steps[next]!.name);
    }
    await openRound(
      tx,
      deps,
      {
        orgId,
        itemId,
        title: item.title,
        workflow: { id: item.workflow_id, version: item.workflow_version },
        submitter: { id: item.submitter_id, name: submitter?.name ?? '' },
        steps: def.steps,
        stepIndex: next,
        round,
        invitedBy: { userId: item.submitter_id, name: submitter?.name ?? '' },
      },
      now,
    );
  }

  /**
   * A reviewer leaves the open round without deciding (their guest invite was revoked): their
   * task closes, the round counts one reviewer fewer, and the threshold is evaluated again, so
   * an "all" step does not wait for a vote that can no longer come. A round left with nobody
   * and no vote stays open for the owner to cancel.
   */
  async function withdrawReviewer(tx: Tx, item: ItemRow, reviewerKey: string, meta: Meta): Promise<void> {
    const itemId = item.id;
    const now = clock.now();
    const claim = await claimOpenItem(tx, item.org_id, itemId, item.round, now);
    if (!claim) return;
    if (!(await closeTask(tx, itemId, item.round, reviewerKey))) return;
    const reviewers = await withdrawFromRound(tx, itemId, item.round);
    const tally = await countVotes(tx, itemId, item.round);
    if (reviewers === 0) return;
    const def = (await definitions.load(tx, item.org_id, item.workflow_id, item.workflow_version))!;
    const stepIndex = item.current_step!;
    const outcome = evaluateThreshold(def.steps[stepIndex]!.threshold, { ...tally, reviewers });
    if (outcome !== 'open') await closeStep(tx, item, def, stepIndex, outcome, tally, reviewers, meta, claim);
  }

  return { closeStep, withdrawReviewer };
}
