// One step in the builder: name, reviewers, threshold, what a rejection does, advanced options,
// and the buttons that move or remove it.
import type { DirectoryGroup, DirectoryPerson } from '../../api/directory.ts';
import { Button } from '../../ui/button.tsx';
import { TextField } from '../../ui/field.tsx';
import { RadioGroup } from '../../ui/radio-group.tsx';
import { AdvancedOptions } from './advanced-options.tsx';
import { DueDateOptions } from './due-date-options.tsx';
import { ReviewerPicker } from './reviewer-picker.tsx';
import { StepMarkers } from './step-markers.tsx';
import { ThresholdField } from './threshold-field.tsx';
import type { StepDraft } from './workflow-draft.ts';

type Props = {
  step: StepDraft;
  index: number;
  count: number;
  users: readonly DirectoryPerson[] | undefined;
  groups: readonly DirectoryGroup[] | undefined;
  canList: boolean;
  errors: Record<string, string>;
  onChange: (patch: Partial<StepDraft>) => void;
  onMove: (by: -1 | 1) => void;
  onRemove: () => void;
};

export function StepEditor({ step, index, count, users, groups, canList, errors, onChange, onMove, onRemove }: Props) {
  const label = `Step ${index + 1}`;
  const err = (field: string) => errors[`steps.${index}.${field}`];
  return (
    <section className="panel step-editor" aria-label={label}>
      <header className="step-editor-head">
        <h3 className="step-editor-title">
          <span className="step-number">{index + 1}</span>
          {step.name.trim() || label}
          <StepMarkers requireTwoFactor={step.requireTwoFactor} requireSignature={step.requireSignature} />
        </h3>
        <div className="action-row">
          <Button size="sm" variant="ghost" aria-label={`Move ${label.toLowerCase()} up`} disabled={index === 0} onClick={() => onMove(-1)}>
            ↑ Up
          </Button>
          <Button size="sm" variant="ghost" aria-label={`Move ${label.toLowerCase()} down`} disabled={index === count - 1} onClick={() => onMove(1)}>
            ↓ Down
          </Button>
          <Button size="sm" variant="ghost" aria-label={`Remove ${label.toLowerCase()}`} disabled={count === 1} onClick={onRemove}>
            Remove
          </Button>
        </div>
      </header>
      <div className="step-editor-body">
        <TextField label="Step name" value={step.name} onChange={(name) => onChange({ name })} error={err('name')} maxLength={120} placeholder="Legal review" />
        <ReviewerPicker
          stepLabel={label}
          reviewers={step.reviewers}
          onChange={(reviewers) => onChange({ reviewers })}
          users={users}
          groups={groups}
          canList={canList}
          error={err('reviewers')}
        />
        <div className="step-editor-grid">
          <ThresholdField step={step} onChange={onChange} error={err('threshold') ?? err('threshold.n')} />
          <RadioGroup<StepDraft['onReject']>
            legend="When someone rejects"
            name={`on-reject-${step.key}`}
            value={index === 0 ? 'end' : step.onReject}
            onChange={(onReject) => onChange({ onReject })}
            options={[
              { value: 'end', label: 'End the item', hint: 'The item is rejected.' },
              {
                value: 'previous',
                label: 'Send back to the previous step',
                hint: index === 0 ? 'Not for the first step.' : 'Its reviewers decide again.',
                disabled: index === 0,
              },
            ]}
          />
        </div>
        <DueDateOptions
          step={step}
          stepLabel={label}
          onChange={onChange}
          users={users}
          groups={groups}
          canList={canList}
          errors={{ dueInHours: err('dueInHours'), escalateTo: err('escalateTo') }}
        />
        <AdvancedOptions step={step} onChange={onChange} meaningsError={err('signatureMeanings')} />
      </div>
    </section>
  );
}
