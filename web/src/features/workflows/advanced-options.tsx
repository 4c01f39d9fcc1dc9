// A step's "Advanced options": step-up 2FA at the decision, and the electronic signature with
// its meanings. Both off by default (PRODUCT §5, §7); closed unless one is on.
import { useId, useState } from 'react';
import { Checkbox } from '../../ui/checkbox.tsx';
import { MeaningsEditor } from './meanings-editor.tsx';
import type { StepDraft } from './workflow-draft.ts';

type Props = { step: StepDraft; onChange: (patch: Partial<StepDraft>) => void; meaningsError?: string | undefined };

export function AdvancedOptions({ step, onChange, meaningsError }: Props) {
  const id = useId();
  const [open, setOpen] = useState(step.requireTwoFactor || step.requireSignature);
  const on = [step.requireTwoFactor ? '2FA' : '', step.requireSignature ? 'e-signature' : ''].filter(Boolean).join(', ');
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
          {step.requireSignature ? <MeaningsEditor meanings={step.meanings} onChange={(meanings) => onChange({ meanings })} error={meaningsError} /> : null}
        </div>
      ) : null}
    </div>
  );
}
