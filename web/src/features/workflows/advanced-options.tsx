// A step's "Advanced options": step-up 2FA at the decision, the electronic signature with its
// meanings, and whether guests see the reviewers' comments. All off by default (docs/guide.md §5,
// §6, §7); closed unless one is on.
import { useId, useState } from 'react';
import { Checkbox } from '../../ui/checkbox.tsx';
import { MeaningsEditor } from './meanings-editor.tsx';
import type { StepDraft } from './workflow-draft.ts';

type Props = { step: StepDraft; onChange: (patch: Partial<StepDraft>) => void; meaningsError?: string | undefined };

export function AdvancedOptions({ step, onChange, meaningsError }: Props) {
  const id = useId();
  const [open, setOpen] = useState(step.requireTwoFactor || step.requireSignature || step.showCommentsToGuests || step.requireReasonOnApprove);
  const on = [
    step.requireTwoFactor ? '2FA' : '',
    step.requireSignature ? 'e-signature' : '',
    step.showCommentsToGuests ? 'comments shown to guests' : '',
    step.requireReasonOnApprove ? 'reason to approve' : '',
  ]
    .filter(Boolean)
    .join(', ');
  return (
    <div className="disclosure">
      <button type="button" className="disclosure-button" aria-expanded={open} aria-controls={`${id}-panel`} onClick={() => setOpen(!open)}>
        <span className="disclosure-caret" aria-hidden="true" />
        Advanced options
        {!open && on ? <span className="disclosure-summary">{on}</span> : null}
      </button>
      {open || meaningsError ? (
        <div id={`${id}-panel`} className="disclosure-panel">
          <Checkbox
            label="Require 2FA"
            hint="The reviewer confirms with their second factor (authenticator app, passkey…) when they approve and when they reject, every time."
            checked={step.requireTwoFactor}
            onChange={(v) => onChange({ requireTwoFactor: v })}
          />
          <Checkbox
            label="Require e-signature"
            hint="The reviewer signs the decision with their password, their second factor and a meaning (21 CFR Part 11). The signature is bound to this version of the content."
            checked={step.requireSignature}
            onChange={(v) => onChange({ requireSignature: v })}
          />
          <Checkbox
            label="Show comments to guests"
            hint="Guests invited to this step see the reviewers' comments in the item's history. Off: they see the decisions, but no comment other than their own."
            checked={step.showCommentsToGuests}
            onChange={(v) => onChange({ showCommentsToGuests: v })}
          />
          <Checkbox
            label="Require a reason to approve"
            hint="Approving needs a comment saying why, as rejecting always does."
            checked={step.requireReasonOnApprove}
            onChange={(v) => onChange({ requireReasonOnApprove: v })}
          />
          {step.requireSignature ? <MeaningsEditor meanings={step.meanings} onChange={(meanings) => onChange({ meanings })} error={meaningsError} /> : null}
        </div>
      ) : null}
    </div>
  );
}
