// What the reviewer has chosen so far. It survives the trip to the code screen and back
// (docs/guide.md §5: "the decision and comment are kept while the code is asked for").
import type { Decision, MyTask } from '../../../api/workflow-types.ts';

export type DecisionDraft = { decision: Decision | undefined; comment: string };

/** The comment as sent: the same string for the challenge and the decision, since both bind it. */
export const sentComment = (draft: DecisionDraft) => draft.comment.trim() || undefined;

/**
 * The part of every decision request that names what is decided, and the revision the
 * reviewer read (a newer version uploaded meanwhile makes the server refuse it: item_revised).
 */
export function decisionRequest(task: MyTask, draft: DecisionDraft & { decision: Decision }, revision?: number | undefined) {
  const comment = sentComment(draft);
  return {
    step: task.step,
    decision: draft.decision,
    ...(comment ? { comment } : {}),
    ...(revision ? { revision } : {}),
    ...(task.onBehalfOf?.id ? { onBehalfOf: task.onBehalfOf.id } : {}),
  };
}

/** Whether this choice needs a comment saying why: a rejection always, an approval where the step asks. */
export const reasonRequired = (decision: Decision | undefined, reasonOnApprove: boolean) =>
  decision === 'reject' || (decision === 'approve' && reasonOnApprove);

/** Refusals that mean this screen is out of date: someone else closed the step, this vote exists, or a new version came. */
export const STALE_CODES = new Set(['already_decided', 'step_closed', 'not_a_reviewer', 'item_revised']);

/** The usual meaning for the choice: "approved" when approving, "rejected" when rejecting. */
export function defaultMeaning(meanings: readonly string[], decision: Decision): string {
  const want = decision === 'approve' ? 'approved' : 'rejected';
  return meanings.find((m) => m.toLowerCase() === want) ?? meanings[0] ?? '';
}
