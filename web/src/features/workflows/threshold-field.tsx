import { useId } from 'react';
import type { StepDraft } from './workflow-draft.ts';

type Props = { step: StepDraft; onChange: (patch: Partial<StepDraft>) => void; error?: string | undefined };

const OPTIONS: readonly { value: StepDraft['threshold']; label: string; hint: string }[] = [
  { value: 'all', label: 'All reviewers', hint: 'Every named reviewer approves (a group counts each member).' },
  { value: 'any', label: 'Any one reviewer', hint: 'The first approval closes the step.' },
  { value: 'count', label: 'At least', hint: 'A number of approvals closes the step.' },
];

/** How many approvals close the step: all, any one, or at least N. */
export function ThresholdField({ step, onChange, error }: Props) {
  const id = useId();
  return (
    <fieldset className={['fieldset', error ? 'field-invalid' : ''].filter(Boolean).join(' ')}>
      <legend className="field-label">Approvals needed</legend>
      <div className="check-list check-list-plain">
        {OPTIONS.map((o) => (
          <div key={o.value} className="check">
            <input
              id={`${id}-${o.value}`}
              type="radio"
              name={`${id}-threshold`}
              checked={step.threshold === o.value}
              onChange={() => onChange({ threshold: o.value })}
              aria-describedby={`${id}-${o.value}-hint`}
            />
            <div className="check-text">
              <label htmlFor={`${id}-${o.value}`}>{o.label}</label>
              <span id={`${id}-${o.value}-hint`} className="check-hint">
                {o.hint}
              </span>
            </div>
          </div>
        ))}
      </div>
      {step.threshold === 'count' ? (
        <div className="field field-short">
          <label htmlFor={`${id}-n`} className="field-label">
            Number of approvals
          </label>
          <input
            id={`${id}-n`}
            className="input"
            type="number"
            min={1}
            max={100}
            inputMode="numeric"
            value={step.count}
            onChange={(e) => onChange({ count: e.target.value })}
            aria-invalid={error ? true : undefined}
            aria-describedby={error ? `${id}-error` : undefined}
          />
        </div>
      ) : null}
      {error ? (
        <p id={`${id}-error`} className="field-error">
          {error}
        </p>
      ) : null}
    </fieldset>
  );
}
