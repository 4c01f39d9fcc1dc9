// Workflows: versioned definitions, items and their files, tasks, the decision pipeline with
// step-up and e-signatures, guest invites. The domain's public surface.
import type { Actor } from '../accounts/index.ts';
import type { ItemView } from './types.ts';
import type { ItemId, OrgId } from '../platform/ids.ts';
import type { RequestMeta } from '../platform/request-meta.ts';
import { createCancelItem } from './cancel-item.ts';
import { createComments } from './comments/comments.ts';
import { createDecide, type Decider, type DecisionInput } from './decide.ts';
import { createRounds } from './rounds.ts';
import { createDelegation } from './delegation.ts';
import { createDefinitions } from './definitions.ts';
import { createDueDates } from './due-dates.ts';
import type { WorkflowsDeps } from './deps.ts';
import { createGuests } from './guests/index.ts';
import { createItemView } from './item-view.ts';
import { createEvidenceFacts } from './evidence-facts.ts';
import { createListItems } from './list-items.ts';
import { hasSignatureSteps } from './signature-steps.ts';
import { createSignatureReport } from './signature-report.ts';
import { createSubmitItem } from './submit-item.ts';
import { createReviseItem, type RevisionInput } from './revise-item.ts';
import { createOpenContent } from './open-content.ts';
import { createTaskList } from './tasks.ts';
import { createUploads } from './uploads.ts';
import { EXPIRED_GUEST_SESSIONS } from './guests/guests.store.ts';
import { deleteExpiredRows } from '../platform/db/expired-rows.ts';

export type { WorkflowsDeps } from './deps.ts';
export { decisionBinding, commentHash } from './decision-binding.ts';
export { hasSignatureSteps } from './signature-steps.ts';

export function createWorkflows(deps: WorkflowsDeps) {
  const definitions = createDefinitions(deps);
  const views = createItemView(deps, definitions);
  const uploads = createUploads(deps);
  const submit = createSubmitItem(deps, definitions);
  const cancelItem = createCancelItem(deps);
  const reviseItem = createReviseItem(deps, definitions);
  const { closeStep, withdrawReviewer } = createRounds(deps, definitions);
  const { decide, openDecisionChallenge } = createDecide(deps, definitions, views, closeStep);
  const comments = createComments(deps, views);
  const content = createOpenContent(deps, views, uploads);
  const guests = createGuests(deps, { definitions, views, uploads, decide, withdrawReviewer, comments });

  async function getItem(actor: Actor, id: ItemId): Promise<ItemView> {
    const { item, def } = await views.loadVisible(actor, id);
    return views.view(actor, item, def);
  }

  return {
    definitions,
    uploads,
    /** Deletes a batch of the guest sessions long expired ('more': the batch came back full). */
    sweepExpired: (batch?: number) => deleteExpiredRows(deps.db, [EXPIRED_GUEST_SESSIONS], deps.clock.now(), batch),
    submit,
    getItem,
    cancel: async (actor: Actor, id: ItemId, body: { reason?: string | undefined }, meta: { ip: string; requestId?: string | undefined }) => {
      await cancelItem(actor, id, body, meta);
      return getItem(actor, id);
    },
    /** A new content version (issue 13 item 1): the item view after it. */
    revise: async (actor: Actor, id: ItemId, body: RevisionInput, meta: { ip: string; requestId?: string | undefined }) => {
      await reviseItem(actor, id, body, meta);
      return getItem(actor, id);
    },
    listTasks: createTaskList(deps, definitions),
    /** A user's decision (decide.ts) and the item view after it. */
    decide: async (decider: Decider & { kind: 'user' }, id: ItemId, input: DecisionInput, meta: RequestMeta) => {
      const result = await decide(decider, id, input, meta);
      return { ...result, item: await views.viewAfterDecision(decider.actor, id) };
    },
    openDecisionChallenge,
    guests,
    /** Out-of-office delegation: get, set and end (delegation.ts). */
    delegation: createDelegation(deps),
    signatureReport: createSignatureReport(deps, getItem),
    /** One version's content as a download, for a reader of the item. */
    openVersionContent: content.openVersionContent,
    /** Comments on an item: a conversation by content version, append-only, with @mentions (comments/). */
    comments,
    /** Due-date reminders and overdue actions (due-dates.ts); main.ts runs its scheduler on every instance. */
    dueDates: createDueDates(deps, definitions, closeStep),
    /** Every record of an item its evidence bundle carries, for a reader of the item (evidence/). */
    evidenceFacts: createEvidenceFacts(deps, definitions, views),

    /** The item list, newest first (list-items.ts). */
    listItems: createListItems(deps, definitions),
    /** Whether the organisation has an e-signature step in force (signature-steps.ts). */
    hasSignatureSteps: (orgId: OrgId) => hasSignatureSteps(deps.db, orgId),

    /** The item's file, for a reader of the item. */
    openContent: content.openContent,
  };
}

export type Workflows = ReturnType<typeof createWorkflows>;
