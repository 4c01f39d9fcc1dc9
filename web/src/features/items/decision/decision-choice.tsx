// Screen one of a decision: Approve or Reject, and an optional comment. On a protected step
// "Continue" leads to the confirmation screen; otherwise the decision is sent from here.
import { useState, type FormEvent } from 'react';
import type { Decision } from '../../../api/workflow-types.ts';
import { Button } from '../../../ui/button.tsx';
import { TextArea } from '../../../ui/text-area.tsx';
import type { DecisionDraft } from './decision-draft.ts';

type Props = {
  draft: DecisionDraft;
  onChange: (draft: DecisionDraft) => void;
  /** Protected steps go on to the confirmation; others are sent at once. */
  protectedStep: boolean;
  busy: boolean;
  onContinue: () => void;
};

export function DecisionChoice({ draft, onChange, protectedStep, busy, onContinue }: Props) {
  const [missing, setMissing] = useState(false);
  const choose = (decision: Decision) => {
    setMissing(false);
    onChange({ ...draft, decision });
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!draft.decision) return setMissing(true);
    onContinue();
  };
  return (
    <form className="form" onSubmit={submit} noValidate>
      <div className="decision-buttons" role="group" aria-label="Decision" aria-describedby={missing ? 'decision-missing' : undefined}>
        <button type="button" className="decision-button decision-button-approve" aria-pressed={draft.decision === 'approve'} onClick={() => choose('approve')}>
          <span className="decision-mark" aria-hidden="true">✓</span>Approve
        </button>
        <button type="button" className="decision-button decision-button-reject" aria-pressed={draft.decision === 'reject'} onClick={() => choose('reject')}>
          <span className="decision-mark" aria-hidden="true">✕</span>Reject
        </button>
      </div>
      {missing ? <p id="decision-missing" className="field-error">Choose Approve or Reject.</p> : null}
      <TextArea label="Comment" optional value={draft.comment} onChange={(comment) => onChange({ ...draft, comment })} rows={3} maxLength={4000} hint="Shown in the item's history with your decision." />
      <div className="form-actions">
        <Button type="submit" variant="primary" busy={busy}>{protectedStep ? 'Continue' : 'Confirm decision'}</Button>
      </div>
    </form>
  );
}
