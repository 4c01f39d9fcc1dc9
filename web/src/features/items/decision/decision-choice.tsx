// Screen one of a decision: Approve or Reject, and a comment: the reason, required to reject
// (and to approve where the step asks). On a protected step "Continue" leads to the
// confirmation screen; otherwise the decision is sent from here.
import { useState, type FormEvent } from 'react';
import type { Decision } from '../../../api/workflow-types.ts';
import { Button } from '../../../ui/button.tsx';
import { TextArea } from '../../../ui/text-area.tsx';
import { reasonRequired, type DecisionDraft } from './decision-draft.ts';

type Props = {
  draft: DecisionDraft;
  onChange: (draft: DecisionDraft) => void;
  /** Protected steps go on to the confirmation; others are sent at once. */
  protectedStep: boolean;
  /** The step asks for a reason to approve too. */
  reasonOnApprove: boolean;
  busy: boolean;
  onContinue: () => void;
};

export function DecisionChoice({ draft, onChange, protectedStep, reasonOnApprove, busy, onContinue }: Props) {
  const [missing, setMissing] = useState(false);
  const [noReason, setNoReason] = useState(false);
  const needsReason = reasonRequired(draft.decision, reasonOnApprove);
  const choose = (decision: Decision) => {
    setMissing(false);
    setNoReason(false);
    onChange({ ...draft, decision });
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!draft.decision) return setMissing(true);
    if (needsReason && !draft.comment.trim()) return setNoReason(true);
    onContinue();
  };
  const hint = reasonOnApprove
    ? "A reason is required at this step, to approve or reject. Shown in the item's history with your decision."
    : "A reason is required to reject. Shown in the item's history with your decision.";
  return (
    <form className="form" onSubmit={submit} noValidate>
      <div className="decision-buttons" role="group" aria-label="Decision" aria-describedby={missing ? 'decision-missing' : undefined}>
        <button type="button" className="decision-button decision-button-approve" aria-pressed={draft.decision === 'approve'} onClick={() => choose('approve')}>
          <span className="decision-mark" aria-hidden="true">
            ✓
          </span>
          Approve
        </button>
        <button type="button" className="decision-button decision-button-reject" aria-pressed={draft.decision === 'reject'} onClick={() => choose('reject')}>
          <span className="decision-mark" aria-hidden="true">
            ✕
          </span>
          Reject
        </button>
      </div>
      {missing ? (
        <p id="decision-missing" className="field-error">
          Choose Approve or Reject.
        </p>
      ) : null}
      <TextArea
        label={needsReason ? 'Reason' : 'Comment'}
        optional={!needsReason}
        required={needsReason}
        value={draft.comment}
        rows={3}
        maxLength={4000}
        hint={hint}
        error={noReason ? `A reason is required to ${draft.decision === 'reject' ? 'reject' : 'approve at this step'}: say why.` : undefined}
        onChange={(comment) => {
          setNoReason(false);
          onChange({ ...draft, comment });
        }}
      />
      <div className="form-actions">
        <Button type="submit" variant="primary" busy={busy}>
          {protectedStep ? 'Continue' : 'Confirm decision'}
        </Button>
      </div>
    </form>
  );
}
