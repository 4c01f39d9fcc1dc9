// Reasons (issue 13 item 2; 21 CFR 11.10(e) and EU Annex 11 expect the reason for a change to
// be recorded): a rejection needs a non-blank comment, an approval too where the step says
// `requireReasonOnApprove`, and cancelling needs a reason. Checked before any second-factor
// code or password is looked at, so a refused request spends nothing and records nothing.
import { Problem } from '../platform/problems.ts';
import type { Decision } from './types.ts';

const reasonRequired = (pointer: string, detail: string) =>
  new Problem('invalid_request', { detail, extensions: { errors: [{ pointer, detail: 'a reason is required' }] } });

/** The decision's comment, trimmed; refuses a blank one where a reason is required. */
export function assertDecisionReason(step: { requireReasonOnApprove?: boolean | undefined }, decision: Decision, comment: string | undefined): string {
  const text = comment?.trim() ?? '';
  if (text) return text;
  if (decision === 'reject') throw reasonRequired('#/comment', 'A reason is required to reject: say in the comment why');
  if (step.requireReasonOnApprove) throw reasonRequired('#/comment', 'A reason is required to approve at this step: say in the comment why');
  return text;
}

/** The reason for cancelling, trimmed; a blank one is refused. */
export function assertCancelReason(reason: string | undefined): string {
  const text = reason?.trim() ?? '';
  if (!text) throw reasonRequired('#/reason', 'A reason is required to cancel an item: say why');
  return text;
}
