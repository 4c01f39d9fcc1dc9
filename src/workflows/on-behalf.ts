// The delegate's side of the decision pipeline (delegation.ts): who may decide A's task for A,
// checked before any proof is looked at and again inside the transaction once the item is
// claimed (a delegation ended meanwhile, or a vote of the same person in this round, refuses:
// one person votes at most once per step, as themself or for someone, in either order).
import type { Actor } from '../accounts/index.ts';
import type { Executor, Tx } from '../platform/db/connect.ts';
import type { OrgId, UserId } from '../platform/ids.ts';
import { Problem } from '../platform/problems.ts';
import type { WorkflowsDeps } from './deps.ts';
import { hasVotedInRound, holdActiveDelegation, isActiveDelegate } from './delegations.store.ts';
import { findTask, type ItemRow } from './items.store.ts';
import { userKey } from './reviewer-keys.ts';
import { itemLink } from './item-link.ts';

/** Refuses a decision `onBehalfOf` A unless the actor is A's running delegate and A's slot in the round is open. */
export async function assertMayActFor(ex: Executor, actor: Actor, item: ItemRow, onBehalfOf: UserId, now: number, stepName: string) {
  if (onBehalfOf === actor.userId)
    throw new Problem('invalid_request', {
      detail: 'onBehalfOf names someone else: leave it out to decide for yourself',
      extensions: { errors: [{ pointer: '#/onBehalfOf', detail: 'must be another user' }] },
    });
  if (!(await isActiveDelegate(ex, actor.orgId, onBehalfOf, actor.userId, now))) {
    throw new Problem('not_a_delegate', {
      detail: "You are not the running out-of-office delegate of this person (ended, not started, or someone else's): nothing was recorded",
    });
  }
  if (item.submitter_id === actor.userId)
    throw new Problem('not_a_reviewer', { detail: "You submitted this item: you cannot decide on it, not even on someone's behalf" });
  const task = await findTask(ex, item.id, item.round, userKey(onBehalfOf));
  if (!task || task.user_id !== onBehalfOf)
    throw new Problem('not_a_reviewer', { detail: `The person you stand in for is not a reviewer of the step "${stepName}"` });
  return task;
}

/** One vote per person per round: refused when the actor already voted here, in any capacity. */
export async function assertFirstVoteInRound(ex: Executor, item: ItemRow, userId: UserId): Promise<void> {
  if (await hasVotedInRound(ex, item.id, item.round, userId)) throw secondVote();
}

/** The refusal of a second vote of one person in a round: checked before any code is spent, and kept by the votes' unique key. */
export const secondVote = () =>
  new Problem('already_decided', {
    detail: "You have already decided on this step (for yourself or on someone's behalf): one person decides once per step",
  });

/**
 * Inside the transaction, after the item is claimed: the delegation against the committed state,
 * held until the transaction ends (a delegation ended at the same moment comes wholly before or after).
 * A vote of the same person that committed meanwhile is refused by the votes' unique key
 * (item, round, user) when the vote is inserted.
 */
export async function recheckInTransaction(tx: Tx, actor: Actor, onBehalfOf: UserId | undefined, now: number): Promise<void> {
  if (onBehalfOf && !(await holdActiveDelegation(tx, actor.orgId, onBehalfOf, actor.userId, now))) {
    throw new Problem('not_a_delegate', { detail: 'The delegation ended while you were deciding: nothing was recorded' });
  }
}

/** A is emailed what their delegate decided for them (queued in the transaction, sent after commit). */
export async function tellDelegator(
  tx: Tx,
  deps: WorkflowsDeps,
  orgId: OrgId,
  d: { delegatorId: UserId; delegateName: string; item: ItemRow; stepName: string; decision: 'approve' | 'reject' },
) {
  const who = await deps.accounts.findContact(tx, orgId, d.delegatorId);
  if (!who) return undefined;
  await deps.mail.enqueue(tx, {
    orgId,
    to: who.email,
    template: 'delegation-notice',
    vars: {
      kind: 'decided',
      name: who.name,
      delegate: d.delegateName,
      title: d.item.title,
      stepName: d.stepName,
      decision: d.decision,
      link: itemLink(deps.config.baseUrl, d.item.id),
    },
  });
  return who;
}
