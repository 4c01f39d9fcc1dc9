import { useCallback, useState } from 'react';
import { createGroup, updateGroup } from '../../../api/admin.ts';
import { describeError } from '../../../api/problem.ts';
import type { Group, User } from '../../../api/types.ts';
import { Alert } from '../../../ui/alert.tsx';
import { Button } from '../../../ui/button.tsx';
import { CheckboxGroup } from '../../../ui/checkbox-group.tsx';
import { TextField } from '../../../ui/field.tsx';
import { useSubmit } from '../../../ui/use-submit.ts';

type Props = {
  group?: Group | undefined;
  users: User[];
  onSaved: (group: Group, created: boolean) => void;
  onCancel: () => void;
};

/** Create a group, or rename one and change its members. */
export function GroupForm({ group, users, onSaved, onCancel }: Props) {
  const [name, setName] = useState(group?.name ?? '');
  const [members, setMembers] = useState<string[]>(() => group?.members.map((m) => m.id) ?? []);

  const action = useCallback(async () => {
    const body = { name: name.trim(), members };
    const saved = group ? await updateGroup(group.id, body) : await createGroup(body);
    onSaved({ ...saved, name: saved.name ?? body.name }, !group);
  }, [name, members, group, onSaved]);
  const validate = useCallback((): Record<string, string> => (name.trim() ? {} : { name: 'Enter a name for the group.' }), [name]);
  const { busy, error, fieldErrors, onSubmit } = useSubmit(action, validate, { name, members });

  return (
    <form className="form" onSubmit={onSubmit} noValidate>
      {error ? (
        <Alert tone="error" title={group ? 'The group was not saved' : 'The group was not created'}>
          {describeError(error)}
        </Alert>
      ) : null}
      <TextField
        label="Group name"
        name="name"
        value={name}
        onChange={setName}
        error={fieldErrors['name']}
        required
        autoComplete="off"
        hint="For example Finance approvers or Regulatory affairs."
      />
      <CheckboxGroup
        legend="Members"
        name="members"
        options={users.map((u) => ({ value: u.id, label: u.name, hint: u.email }))}
        selected={members}
        onChange={setMembers}
        error={fieldErrors['members']}
        empty="There are no users yet."
      />
      <div className="form-actions">
        <Button onClick={onCancel}>Cancel</Button>
        <Button type="submit" variant="primary" busy={busy}>
          {group ? 'Save group' : 'Create group'}
        </Button>
      </div>
    </form>
  );
}
