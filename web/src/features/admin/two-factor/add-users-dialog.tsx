import { useCallback, useState } from 'react';
import { describeError } from '../../../api/problem.ts';
import type { User } from '../../../api/types.ts';
import { Alert } from '../../../ui/alert.tsx';
import { Button } from '../../../ui/button.tsx';
import { CheckboxGroup } from '../../../ui/checkbox-group.tsx';
import { Dialog } from '../../../ui/dialog.tsx';
import { TextField } from '../../../ui/field.tsx';
import { useSubmit } from '../../../ui/use-submit.ts';

export function AddUsersDialog({
  open,
  users,
  onClose,
  onAdd,
}: {
  open: boolean;
  users: User[];
  onClose: () => void;
  onAdd: (ids: string[]) => Promise<void>;
}) {
  return (
    <Dialog
      open={open}
      onClose={onClose}
      title="Add users to two-factor authentication"
      description="They become pending, and set up their second factor the next time they use Signoff."
      size="lg"
    >
      {open ? <AddUsersForm users={users} onClose={onClose} onAdd={onAdd} /> : null}
    </Dialog>
  );
}

function AddUsersForm({ users, onClose, onAdd }: { users: User[]; onClose: () => void; onAdd: (ids: string[]) => Promise<void> }) {
  const [selected, setSelected] = useState<string[]>([]);
  const [query, setQuery] = useState('');
  const action = useCallback(() => onAdd(selected), [onAdd, selected]);
  const validate = useCallback((): Record<string, string> => (selected.length ? {} : { userIds: 'Choose at least one user.' }), [selected]);
  const { busy, error, fieldErrors, onSubmit } = useSubmit(action, validate, { userIds: selected });
  const q = query.trim().toLowerCase();
  const shown = users.filter((u) => !q || u.name.toLowerCase().includes(q) || u.email.toLowerCase().includes(q) || selected.includes(u.id));

  return (
    <form className="form" onSubmit={onSubmit} noValidate>
      {error ? (
        <Alert tone="error" title="Nobody was added">
          {describeError(error)}
        </Alert>
      ) : null}
      {users.length > 8 ? <TextField label="Search users" type="search" value={query} onChange={setQuery} placeholder="Name or email" /> : null}
      <CheckboxGroup
        legend="Users"
        name="userIds"
        options={shown.map((u) => ({ value: u.id, label: u.name, hint: u.email }))}
        selected={selected}
        onChange={setSelected}
        error={fieldErrors['userIds']}
        empty="Every active user is already pending or active."
      />
      <div className="form-actions">
        <Button onClick={onClose}>Cancel</Button>
        <Button type="submit" variant="primary" busy={busy} disabled={users.length === 0}>
          {selected.length > 1 ? `Add ${selected.length} users` : 'Add user'}
        </Button>
      </div>
    </form>
  );
}
