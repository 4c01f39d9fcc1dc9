// What the reviewer has chosen so far. It survives the trip to the code screen and back
// (PRODUCT §5: "the decision and comment are kept while the code is asked for").
import type { Decision, MyTask } from '../../../api/workflow-types.ts';

export type DecisionDraft = { decision: Decision | undefined; comment: string };

/** The comment as sent: the same string for the challenge and the decision, since both bind it. */
export const sentComment = (draft: DecisionDraft) => draft.comment.trim() || undefined;

/** The part of every decision request that names what is decided. */
export function decisionRequest(task: MyTask, draft: DecisionDraft & { decision: Decision }) {
  const comment = sentComment(draft);
  return { step: task.step, decision: draft.decision, ...(comment ? { comment } : {}), ...(task.onBehalfOf?.id ? { onBehalfOf: task.onBehalfOf.id } : {}) };
}

/** Refusals that mean this screen is out of date: someone else closed the step, or this vote exists. */
export const STALE_CODES = new Set(['already_decided', 'step_closed', 'not_a_reviewer']);

/** The usual meaning for the choice: "approved" when approving, "rejected" when rejecting. */
export function defaultMeaning(meanings: readonly string[], decision: Decision): string {
  const want = decision === 'approve' ? 'approved' : 'rejected';
  return meanings.find((m) => m.toLowerCase() === want) ?? meanings[0] ?? '';
}
