// A guest reviewer by email (docs/guide.md §6): no account; they are invited when the item reaches
// the step.
import { useState } from 'react';
import { Button } from '../../ui/button.tsx';
import { TextField } from '../../ui/field.tsx';
import { useFieldError } from '../../ui/use-field-errors.ts';
import { onEnter } from './on-enter.ts';
import type { ReviewerDraft } from './workflow-draft.ts';

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export function GuestForm({ onAdd }: { onAdd: (r: ReviewerDraft) => void }) {
  const [email, setEmail] = useState('');
  const [name, setName] = useState('');
  const [error, setError] = useFieldError(email);
  const submit = () => {
    const e = email.trim();
    if (!EMAIL.test(e)) {
      setError('Enter the guest’s email address.');
      return;
    }
    const n = name.trim();
    onAdd({ reviewer: { guest: { email: e, ...(n ? { name: n } : {}) } }, view: { kind: 'guest', email: e, label: n || e } });
    setEmail('');
    setName('');
    setError(undefined);
  };
  return (
    <div className="reviewer-add-body">
      <div className="reviewer-add-row">
        <TextField label="Guest email" type="email" value={email} onChange={setEmail} error={error} autoComplete="off" onKeyDown={onEnter(submit)} />
        <TextField label="Guest name" optional value={name} onChange={setName} autoComplete="off" onKeyDown={onEnter(submit)} />
        <Button onClick={submit}>Add guest</Button>
      </div>
      <p className="field-hint">Guests have no account. They get an invite by email and confirm it with a one-time code sent to that address.</p>
    </div>
  );
}
