// Cancelling: the submitter (or an admin) withdraws an item still in review. Its open tasks
// close, guest links stop working, and nothing more can be decided on it. The reason given is
// required (issue 13 item 2): it is the history entry's comment and in the audit entry.
import type { Actor } from '../accounts/index.ts';
import { newId, type ItemId } from '../platform/ids.ts';
import { Problem } from '../platform/problems.ts';
import type { WorkflowsDeps } from './deps.ts';
import { appendItemEvent, claimOpenItem, closeRound, findItem, moveItem } from './items.store.ts';
import { assertCancelReason } from './reasons.ts';

export function createCancelItem(deps: WorkflowsDeps) {
  const { db, clock, audit, accounts } = deps;
  return async function cancelItem(
    actor: Actor,
    id: ItemId,
    body: { reason?: string | undefined },
    meta: { ip: string; requestId?: string | undefined },
  ): Promise<void> {
    const reason = assertCancelReason(body.reason);
    const item = await findItem(db, actor.orgId, id);
    if (!item) throw new Problem('not_found', { detail: `No item ${id}` });
    if (item.submitter_id !== actor.userId && !actor.roles.includes('admin'))
      throw new Problem('forbidden', { detail: 'Only the submitter or an admin can cancel an item' });
    const itemId = item.id;
    await db.transaction().execute(async (tx) => {
      const now = clock.now();
      const claim = await claimOpenItem(tx, actor.orgId, itemId, item.round, now);
      if (!claim) {
        // Lost to a decision that closed a step, or to a revision: closed is closed, but an item
        // still in review changed under the request (the reason may no longer fit): look again.
        const current = await findItem(tx, actor.orgId, itemId);
        throw current?.status === 'in_review'
          ? new Problem('edit_conflict', { detail: 'The item changed while you were cancelling it (a step closed or a new revision): look at it again' })
          : new Problem('item_closed', { detail: 'The item is no longer in review' });
      }
      await closeRound(tx, itemId, item.round, 'cancelled', now);
      await moveItem(tx, claim, { status: 'cancelled', current_step: item.current_step, round: item.round, closed_at: now });
      const name = (await accounts.findContact(tx, actor.orgId, actor.userId))?.name ?? actor.label;
      await appendItemEvent(tx, {
        id: newId('evt'),
        org_id: actor.orgId,
        item_id: itemId,
        at: now,
        action: 'cancelled',
        actor_user_id: actor.userId,
        actor_invite_id: null,
        actor_name: name,
        actor_email: actor.label,
        step_index: item.current_step,
        decision: null,
        comment: reason,
        method: null,
        signature_id: null,
      });
      await audit.append(tx, {
        orgId: actor.orgId,
        type: 'item.cancelled',
        actor: { userId: actor.userId, label: actor.label },
        target: { type: 'item', id: itemId },
        data: { itemId, step: item.current_step, round: item.round, reason },
        ip: meta.ip,
        requestId: meta.requestId,
      });
    });
  };
}
