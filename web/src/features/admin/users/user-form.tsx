import { useCallback, useState, type ReactNode } from 'react';
import { createUser, updateUser } from '../../../api/admin.ts';
import { describeError, isApiProblem } from '../../../api/problem.ts';
import { ROLES, USER_TYPES, type Group, type User } from '../../../api/types.ts';
import { Alert } from '../../../ui/alert.tsx';
import { Button } from '../../../ui/button.tsx';
import { Checkbox } from '../../../ui/checkbox.tsx';
import { CheckboxGroup } from '../../../ui/checkbox-group.tsx';
import { TextField } from '../../../ui/field.tsx';
import { SelectField } from '../../../ui/select-field.tsx';
import { useSubmit } from '../../../ui/use-submit.ts';
import { emptyUserForm, userFormFrom, validateUserForm, type UserFormState } from './user-form-state.ts';
import { ROLE_LABELS, USER_TYPE_LABELS } from './user-labels.ts';

type Props = {
  /** The user being edited; absent to create one. */
  user?: User | undefined;
  isSelf: boolean;
  groups: Group[];
  onSaved: (user: User, outcome: 'invited' | 'created' | 'updated') => void;
  onCancel: () => void;
  /** Shown after the fields, before the buttons (the user's 2FA explanation when editing). */
  extra?: ReactNode;
};

export function UserForm({ user, isSelf, groups, onSaved, onCancel, extra }: Props) {
  const creating = !user;
  const [form, setForm] = useState<UserFormState>(() => (user ? userFormFrom(user) : emptyUserForm()));
  const update =
    <K extends keyof UserFormState>(key: K) =>
    (value: UserFormState[K]) =>
      setForm((f) => ({ ...f, [key]: value }));

  const action = useCallback(async () => {
    const common = { name: form.name.trim(), userType: form.userType, roles: form.roles, groups: form.groups };
    const saved = user
      ? await updateUser(user.id, { ...common, active: form.active })
      : await createUser({ ...common, email: form.email.trim(), ...(form.setPassword ? { password: form.password } : {}) });
    onSaved(saved, creating ? (form.setPassword ? 'created' : 'invited') : 'updated');
  }, [form, user, creating, onSaved]);
  const validate = useCallback(() => validateUserForm(form, creating), [form, creating]);
  const { busy, error, fieldErrors, onSubmit } = useSubmit(action, validate, form);

  return (
    <form className="form" onSubmit={onSubmit} noValidate>
      {isApiProblem(error) && error.code === 'cannot_change_own_admin' ? (
        <Alert tone="error" title="You cannot do this to your own account">
          Removing your own administrator role or deactivating yourself could lock everyone out. Ask another administrator.
        </Alert>
      ) : error ? (
        <Alert tone="error" title={creating ? 'The user was not created' : 'The changes were not saved'}>
          {describeError(error)}
        </Alert>
      ) : null}

      <div className="form-grid">
        <TextField label="Name" name="name" value={form.name} onChange={update('name')} error={fieldErrors['name']} required autoComplete="off" />
        {creating ? (
          <TextField
            label="Email"
            name="email"
            type="email"
            value={form.email}
            onChange={update('email')}
            error={fieldErrors['email']}
            required
            autoComplete="off"
          />
        ) : (
          <div className="field">
            <span className="field-label">Email</span>
            <p className="field-static">{form.email}</p>
          </div>
        )}
      </div>

      <SelectField
        label="User type"
        name="userType"
        value={form.userType}
        onChange={(v) => update('userType')(v as UserFormState['userType'])}
        options={USER_TYPES.map((t) => ({ value: t, label: USER_TYPE_LABELS[t] }))}
        error={fieldErrors['userType']}
      />

      <CheckboxGroup
        legend="Roles"
        name="roles"
        options={ROLES.map((r) => ({ value: r, label: ROLE_LABELS[r].label, hint: ROLE_LABELS[r].hint }))}
        selected={form.roles}
        onChange={update('roles')}
        error={fieldErrors['roles']}
      />

      <CheckboxGroup
        legend="Groups"
        name="groups"
        options={groups.map((g) => ({ value: g.id, label: g.name }))}
        selected={form.groups}
        onChange={update('groups')}
        error={fieldErrors['groups']}
        empty="No groups yet. Create groups on the Groups page."
      />

      {creating ? (
        <fieldset className="fieldset">
          <legend className="field-label">Sign-in</legend>
          <Checkbox
            label="Set a password now"
            hint="Otherwise Signoff emails an invitation and the person chooses their own password."
            checked={form.setPassword}
            onChange={update('setPassword')}
          />
          {form.setPassword ? (
            <TextField
              label="Password"
              name="password"
              type="password"
              value={form.password}
              onChange={update('password')}
              error={fieldErrors['password']}
              hint="At least 12 characters. Share it through a safe channel."
              required
              autoComplete="new-password"
            />
          ) : null}
        </fieldset>
      ) : (
        <Checkbox
          label="Account active"
          hint={isSelf ? 'You cannot deactivate your own account.' : 'Deactivated users cannot sign in. Their history stays in the audit trail.'}
          checked={form.active}
          disabled={isSelf}
          onChange={update('active')}
        />
      )}

      {extra}

      <div className="form-actions">
        <Button variant="secondary" onClick={onCancel}>
          Cancel
        </Button>
        <Button type="submit" variant="primary" busy={busy}>
          {creating ? (form.setPassword ? 'Create user' : 'Create and invite') : 'Save changes'}
        </Button>
      </div>
    </form>
  );
}
