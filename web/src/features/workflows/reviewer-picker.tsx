// A step's reviewers: users, groups, roles, or guests by email. Users and groups come from the
// admin directory; a workflow owner who is not an admin cannot list it, and names roles and
// guests (or keeps the users an admin chose) instead.
import { useId, useState, type KeyboardEvent } from 'react';
import type { Group, Role, User } from '../../api/types.ts';
import { Button } from '../../ui/button.tsx';
import { TextField } from '../../ui/field.tsx';
import { SelectField } from '../../ui/select-field.tsx';
import { ReviewerChips } from './reviewer-chips.tsx';
import { roleReviewer, sameReviewer, type ReviewerDraft } from './workflow-draft.ts';
import { ROLE_NAMES } from './workflow-labels.ts';

type Kind = 'user' | 'group' | 'role' | 'guest';
const KINDS: readonly { value: Kind; label: string }[] = [
  { value: 'user', label: 'User' },
  { value: 'group', label: 'Group' },
  { value: 'role', label: 'Role' },
  { value: 'guest', label: 'Guest' },
];
const SHOWN = 6;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** Enter in a picker field adds the reviewer instead of submitting the whole workflow. */
const onEnter = (action: () => void) => (e: KeyboardEvent<HTMLInputElement>) => {
  if (e.key !== 'Enter') return;
  e.preventDefault();
  action();
};

type Props = {
  stepLabel: string;
  reviewers: readonly ReviewerDraft[];
  onChange: (reviewers: ReviewerDraft[]) => void;
  /** Undefined: the directory could not be read (not an admin). */
  users: readonly User[] | undefined;
  groups: readonly Group[] | undefined;
  error?: string | undefined;
};

export function ReviewerPicker({ stepLabel, reviewers, onChange, users, groups, error }: Props) {
  const id = useId();
  const [kind, setKind] = useState<Kind>(users ? 'user' : 'role');
  const add = (r: ReviewerDraft) => {
    if (!reviewers.some((x) => sameReviewer(x.reviewer, r.reviewer))) onChange([...reviewers, r]);
  };

  return (
    <fieldset className={['fieldset', 'reviewer-picker', error ? 'field-invalid' : ''].filter(Boolean).join(' ')} aria-describedby={error ? `${id}-error` : undefined}>
      <legend className="field-label">Reviewers</legend>
      <ReviewerChips reviewers={reviewers} label={`Reviewers of ${stepLabel}`} onRemove={(i) => onChange(reviewers.filter((_, j) => j !== i))} />
      {error ? <p id={`${id}-error`} className="field-error">{error}</p> : null}
      <div className="reviewer-add">
        <div className="segmented" role="group" aria-label="Add a reviewer by">
          {KINDS.map((k) => (
            <button key={k.value} type="button" aria-pressed={k.value === kind} onClick={() => setKind(k.value)}>{k.label}</button>
          ))}
        </div>
        {kind === 'user' ? (
          users ? <UserSearch users={users} reviewers={reviewers} onAdd={add} /> : <DirectoryNote what="users" />
        ) : kind === 'group' ? (
          groups ? <GroupChoice groups={groups} onAdd={add} /> : <DirectoryNote what="groups" />
        ) : kind === 'role' ? (
          <RoleChoice onAdd={add} />
        ) : (
          <GuestForm onAdd={add} />
        )}
      </div>
    </fieldset>
  );
}

function DirectoryNote({ what }: { what: string }) {
  return <p className="field-hint">Only administrators can list {what}. Name a role or a guest, or ask an administrator to add {what} to this step.</p>;
}

function UserSearch({ users, reviewers, onAdd }: { users: readonly User[]; reviewers: readonly ReviewerDraft[]; onAdd: (r: ReviewerDraft) => void }) {
  const [query, setQuery] = useState('');
  const q = query.trim().toLowerCase();
  const chosen = new Set(reviewers.flatMap((r) => ('user' in r.reviewer ? [r.reviewer.user] : [])));
  const matches = q ? users.filter((u) => u.active && !chosen.has(u.id) && (u.name.toLowerCase().includes(q) || u.email.toLowerCase().includes(q))) : [];
  const addUser = (u: User) => {
    onAdd({ reviewer: { user: u.id }, view: { kind: 'user', id: u.id, label: u.name, email: u.email } });
    setQuery('');
  };
  return (
    <div className="reviewer-add-body">
      <TextField label="Find a user" type="search" value={query} onChange={setQuery} placeholder="Name or email" autoComplete="off" onKeyDown={onEnter(() => matches.length === 1 && addUser(matches[0]!))} />
      {q ? (
        matches.length ? (
          <ul className="picker-results" aria-label="Matching users">
            {matches.slice(0, SHOWN).map((u) => (
              <li key={u.id} className="picker-result">
                <span>
                  <span className="cell-primary">{u.name}</span>
                  <span className="cell-secondary">{u.email}</span>
                </span>
                <Button size="sm" aria-label={`Add ${u.name}`} onClick={() => addUser(u)}>Add</Button>
              </li>
            ))}
            {matches.length > SHOWN ? <li className="field-hint">{matches.length - SHOWN} more: type more of the name.</li> : null}
          </ul>
        ) : (
          <p className="field-hint">No other user matches “{query.trim()}”.</p>
        )
      ) : null}
    </div>
  );
}

function GroupChoice({ groups, onAdd }: { groups: readonly Group[]; onAdd: (r: ReviewerDraft) => void }) {
  const [groupId, setGroupId] = useState(groups[0]?.id ?? '');
  if (!groups.length) return <p className="field-hint">There are no groups yet. Create them under Administration → Groups.</p>;
  const group = groups.find((g) => g.id === groupId);
  return (
    <div className="reviewer-add-row">
      <SelectField label="Group" value={groupId} onChange={setGroupId} options={groups.map((g) => ({ value: g.id, label: g.name }))} />
      <Button onClick={() => group && onAdd({ reviewer: { group: group.id }, view: { kind: 'group', id: group.id, label: group.name } })}>Add group</Button>
    </div>
  );
}

function RoleChoice({ onAdd }: { onAdd: (r: ReviewerDraft) => void }) {
  const [role, setRole] = useState<Role>('reviewer');
  return (
    <div className="reviewer-add-row">
      <SelectField label="Role" value={role} onChange={(v) => setRole(v as Role)} options={(['reviewer', 'owner', 'admin'] as const).map((r) => ({ value: r, label: ROLE_NAMES[r] ?? r }))} />
      <Button onClick={() => onAdd(roleReviewer(role))}>Add role</Button>
    </div>
  );
}

function GuestForm({ onAdd }: { onAdd: (r: ReviewerDraft) => void }) {
  const [email, setEmail] = useState('');
  const [name, setName] = useState('');
  const [error, setError] = useState<string>();
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
