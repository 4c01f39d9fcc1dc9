// A step's due date: how many hours the reviewers have, and what happens when the step is
// overdue (issue 13): tell the submitter and owners only, add escalation reviewers (picked as
// the step's reviewers are), or reject the step. Closed unless the step has a due time.
import { useId, useState } from 'react';
import type { DirectoryGroup, DirectoryPerson } from '../../api/directory.ts';
import { TextField } from '../../ui/field.tsx';
import { RadioGroup } from '../../ui/radio-group.tsx';
import { ReviewerPicker } from './reviewer-picker.tsx';
import type { StepDraft } from './workflow-draft.ts';

type Props = {
  step: StepDraft;
  stepLabel: string;
  onChange: (patch: Partial<StepDraft>) => void;
  users: readonly DirectoryPerson[] | undefined;
  groups: readonly DirectoryGroup[] | undefined;
  canList: boolean;
  errors: { dueInHours?: string | undefined; escalateTo?: string | undefined };
};

const HOURS_HINT =
  'Reviewers who have not decided are reminded at half the time and a day before (steps due within 48 hours get one reminder). ' +
  "At the due time the submitter and the workflow's owners are emailed.";
const ESCALATE_HINT = 'Add the people below to the step. For "all", they stand in for the reviewers who had not decided.';
const SUMMARY = { notify: 'notify', escalate: 'escalate', reject: 'reject' } as const;

export function DueDateOptions({ step, stepLabel, onChange, users, groups, canList, errors }: Props) {
  const id = useId();
  const [open, setOpen] = useState(step.dueInHours.trim() !== '');
  const summary = step.dueInHours.trim() ? `due in ${step.dueInHours} h, then ${SUMMARY[step.onOverdue]}` : '';
  return (
    <div className="disclosure">
      <button type="button" className="disclosure-button" aria-expanded={open} aria-controls={`${id}-panel`} onClick={() => setOpen(!open)}>
        <span className="disclosure-caret" aria-hidden="true" />
        Due date
        {!open && summary ? <span className="disclosure-summary">{summary}</span> : null}
      </button>
      {open || errors.dueInHours || errors.escalateTo ? (
        <div id={`${id}-panel`} className="disclosure-panel">
          <TextField
            label="Due within (hours)"
            className="due-hours"
            optional
            inputMode="numeric"
            value={step.dueInHours}
            onChange={(dueInHours) => onChange({ dueInHours: dueInHours.replace(/[^0-9]/g, '') })}
            error={errors.dueInHours}
            maxLength={4}
            placeholder="72"
            hint={HOURS_HINT}
          />
          {step.dueInHours.trim() ? (
            <RadioGroup<StepDraft['onOverdue']>
              legend="When the step is overdue"
              name={`on-overdue-${step.key}`}
              value={step.onOverdue}
              onChange={(onOverdue) => onChange({ onOverdue })}
              options={[
                { value: 'notify', label: 'Notify only', hint: 'Reviewers can still decide.' },
                { value: 'escalate', label: 'Escalate', hint: ESCALATE_HINT },
                { value: 'reject', label: 'Reject the step', hint: 'It closes as rejected with the reason "overdue", as a rejection would.' },
              ]}
            />
          ) : null}
          {step.dueInHours.trim() && step.onOverdue === 'escalate' ? (
            <ReviewerPicker
              legend="Escalate to"
              stepLabel={stepLabel}
              reviewers={step.escalateTo}
              onChange={(escalateTo) => onChange({ escalateTo })}
              users={users}
              groups={groups}
              canList={canList}
              error={errors.escalateTo}
            />
          ) : null}
        </div>
      ) : null}
    </div>
  );
}
