// Workflows: versioned definitions, items and their files, tasks, the decision pipeline with
// step-up and e-signatures, guest invites. The domain's public surface.
import type { Actor } from '../accounts/index.ts';
import type { ItemBody, ItemView } from './types.ts';
import { iso } from '../platform/clock.ts';
import type { OrgId, UserId } from '../platform/ids.ts';
import { listDefinitionsInForce } from './definitions.store.ts';
import { createCancelItem } from './cancel-item.ts';
import { createComments } from './comments/comments.ts';
import { createDecide } from './decide.ts';
import { createRounds } from './rounds.ts';
import { createDelegation } from './delegation.ts';
import { createDefinitions, parseSteps } from './definitions.ts';
import { createDueDates } from './due-dates.ts';
import type { WorkflowsDeps } from './deps.ts';
import { createGuests } from './guests/index.ts';
import { createItemView } from './item-view.ts';
import { createEvidenceFacts } from './evidence-facts.ts';
import { listItems } from './items.store.ts';
import { createSignatureReport } from './signature-report.ts';
import { createSubmitItem } from './submit-item.ts';
import { createReviseItem, type RevisionInput } from './revise-item.ts';
import { createOpenContent } from './open-content.ts';
import { createTaskList } from './tasks.ts';
import { createUploads } from './uploads.ts';

export type { WorkflowsDeps } from './deps.ts';
export type { Decider } from './decide.ts';
export type { EvidenceFacts } from './evidence-facts.ts';
export type { SealedVote } from './vote-seal.ts';
export { decisionBinding, commentHash, type DecisionFacts } from './decision-binding.ts';
export { createUploadSweeper } from './uploads.ts';

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

  async function getItem(actor: Actor, id: string): Promise<ItemView> {
    const { item, def } = await views.loadVisible(actor, id);
    return views.view(actor, item, def);
  }

  return {
    definitions,
    uploads,
    /** Deletes uploads not attached to an item within 24 hours, every 15 minutes between start() and stop(). */
    submit,
    getItem,
    cancel: async (actor: Actor, id: string, body: { reason?: string | undefined }, meta: { ip: string; requestId?: string | undefined }) => { await cancelItem(actor, id, body, meta); return getItem(actor, id); },
    /** A new content version (issue 13 item 1): the item view after it. */
    revise: async (actor: Actor, id: string, body: RevisionInput, meta: { ip: string; requestId?: string | undefined }) => { await reviseItem(actor, id, body, meta); return getItem(actor, id); },
    listTasks: createTaskList(deps, definitions),
    decide,
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

    async listItems(actor: Actor, q: { status?: ItemView['status'] | undefined; mine?: 'submitted' | undefined; limit: number }) {
      const rows = await listItems(deps.db, actor.orgId, { userId: actor.userId, all: actor.roles.includes('admin'), status: q.status, submittedOnly: q.mine === 'submitted', limit: q.limit });
      return rows.map((r) => {
        const steps = parseSteps(r.definition);
        return {
          id: r.id, title: r.title, status: r.status as ItemView['status'], currentStep: r.status === 'in_review' ? r.current_step : null,
          stepName: r.status === 'in_review' && r.current_step !== null ? steps[r.current_step]?.name ?? null : null, workflowName: r.workflow_name,
          submitter: { id: r.submitter_id, name: r.submitter_name, email: r.submitter_email }, createdAt: iso(Number(r.created_at)), updatedAt: iso(Number(r.updated_at)),
        };
      });
    },

    /**
     * Whether an organisation has an e-signature step in force: in the current version of a
     * workflow, or in the version an item in review still follows. Factors asks it before an
     * admin resets a user's second factors (a second admin is then needed).
     */
    async hasSignatureSteps(orgId: OrgId): Promise<boolean> {
      return (await listDefinitionsInForce(deps.db, orgId)).some((r) => parseSteps(r.definition).some((s) => s.requireSignature));
    },

    /** The item's file, for a reader of the item. */
    openContent: content.openContent,
  };
}

export type Workflows = ReturnType<typeof createWorkflows>;
