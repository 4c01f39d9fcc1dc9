// Who a policy covers (docs/guide.md §4): everyone, or any union of user types, roles, groups and
// named users. Used for the sign-in requirement and for enrollment enforcement.
import type { Group, Role, Scope, User, UserType } from '../../../api/types.ts';
import { ROLES, USER_TYPES } from '../../../api/types.ts';
import { Checkbox } from '../../../ui/checkbox.tsx';
import { CheckboxGroup } from '../../../ui/checkbox-group.tsx';
import { ROLE_LABELS, USER_TYPE_LABELS } from '../users/user-labels.ts';
import { describeScope } from './scope-labels.ts';
import { UserPicker } from './user-picker.tsx';

type Props = {
  /** Names the scope for screen readers and in the summary: "Sign-in", "Enforcement". */
  name: string;
  everyoneLabel: string;
  everyoneHint?: string;
  value: Scope;
  onChange: (scope: Scope) => void;
  users: readonly User[];
  groups: readonly Group[];
  disabled?: boolean;
  /** What "Covers:" says when something outside the scope decides (the mandatory lock). */
  coversOverride?: string | undefined;
};

/** Drops empty lists, so the stored scope stays as small as what was chosen. */
function tidy(scope: Scope): Scope {
  const out: Scope = {};
  if (scope.everyone) out.everyone = true;
  if (scope.userTypes?.length) out.userTypes = scope.userTypes;
  if (scope.roles?.length) out.roles = scope.roles;
  if (scope.groups?.length) out.groups = scope.groups;
  if (scope.users?.length) out.users = scope.users;
  return out;
}

export function ScopeEditor({ name, everyoneLabel, everyoneHint, value, onChange, users, groups, disabled, coversOverride }: Props) {
  const set = (patch: Partial<Scope>) => onChange(tidy({ ...value, ...patch }));
  const everyone = !!value.everyone;
  const partsDisabled = disabled || everyone;

  return (
    <div className="scope-editor" role="group" aria-label={`${name}: who is covered`}>
      <Checkbox label={everyoneLabel} hint={everyoneHint} checked={everyone} disabled={disabled} onChange={(on) => set({ everyone: on })} />
      <div className={everyone ? 'scope-parts scope-parts-off' : 'scope-parts'}>
        {everyone ? <p className="field-hint">Everyone is covered. The choices below are kept for when you narrow the scope again.</p> : null}
        <div className="scope-grid">
          <CheckboxGroup<UserType>
            legend="User types"
            options={USER_TYPES.map((t) => ({ value: t, label: USER_TYPE_LABELS[t] }))}
            selected={value.userTypes ?? []}
            onChange={(userTypes) => set({ userTypes })}
            disabled={partsDisabled}
          />
          <CheckboxGroup<Role>
            legend="Roles"
            options={ROLES.map((r) => ({ value: r, label: ROLE_LABELS[r].label }))}
            selected={value.roles ?? []}
            onChange={(roles) => set({ roles })}
            disabled={partsDisabled}
          />
          <CheckboxGroup
            legend="Groups"
            options={groups.map((g) => ({ value: g.id, label: g.name }))}
            selected={value.groups ?? []}
            onChange={(ids) => set({ groups: ids })}
            empty="No groups yet."
            disabled={partsDisabled}
          />
        </div>
        <UserPicker legend="Named users" users={users} selected={value.users ?? []} onChange={(ids) => set({ users: ids })} disabled={partsDisabled} />
      </div>
      <p className="scope-summary">
        <span className="scope-summary-label">Covers:</span> {coversOverride ?? describeScope(value, { groups })}
      </p>
    </div>
  );
}
