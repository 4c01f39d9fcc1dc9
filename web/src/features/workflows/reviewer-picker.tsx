// A step's reviewers: users, groups, roles, or guests by email. Users and groups come from the
// admin directory; a workflow owner who is not an admin cannot list it, and names roles and
// guests (or keeps the users an admin chose) instead.
import { useId, useState } from 'react';
import type { DirectoryGroup, DirectoryPerson } from '../../api/directory.ts';
import { Loading } from '../../ui/loading.tsx';
import { GroupChoice } from './group-choice.tsx';
import { GuestForm } from './guest-form.tsx';
import { ReviewerChips } from './reviewer-chips.tsx';
import { RoleChoice } from './role-choice.tsx';
import { UserSearch } from './user-search.tsx';
import { sameReviewer, type ReviewerDraft } from './workflow-draft.ts';

type Kind = 'user' | 'group' | 'role' | 'guest';
const KINDS: readonly { value: Kind; label: string }[] = [
  { value: 'user', label: 'User' },
  { value: 'group', label: 'Group' },
  { value: 'role', label: 'Role' },
  { value: 'guest', label: 'Guest' },
];
const directoryNote = (what: string) =>
  `Only administrators and workflow owners can search ${what}. Name a role or a guest, or ask an administrator to add ${what} to this step.`;

type Props = {
  stepLabel: string;
  reviewers: readonly ReviewerDraft[];
  onChange: (reviewers: ReviewerDraft[]) => void;
  /** The directory (people and groups by name); undefined while it loads. */
  users: readonly DirectoryPerson[] | undefined;
  groups: readonly DirectoryGroup[] | undefined;
  /** False for those who may not search the directory (neither admins nor owners). */
  canList: boolean;
  error?: string | undefined;
  /** The fieldset's legend (default "Reviewers"; "Escalate to" for a step's escalation reviewers). */
  legend?: string | undefined;
};

export function ReviewerPicker({ stepLabel, reviewers, onChange, users, groups, canList, error, legend = 'Reviewers' }: Props) {
  const id = useId();
  const [kind, setKind] = useState<Kind>(canList ? 'user' : 'role');
  const add = (r: ReviewerDraft) => {
    if (!reviewers.some((x) => sameReviewer(x.reviewer, r.reviewer))) onChange([...reviewers, r]);
  };

  return (
    <fieldset
      className={['fieldset', 'reviewer-picker', error ? 'field-invalid' : ''].filter(Boolean).join(' ')}
      aria-describedby={error ? `${id}-error` : undefined}
    >
      <legend className="field-label">{legend}</legend>
      <ReviewerChips reviewers={reviewers} label={`${legend} of ${stepLabel}`} onRemove={(i) => onChange(reviewers.filter((_, j) => j !== i))} />
      {error ? (
        <p id={`${id}-error`} className="field-error">
          {error}
        </p>
      ) : null}
      <div className="reviewer-add">
        <div className="segmented" role="group" aria-label="Add a reviewer by">
          {KINDS.map((k) => (
            <button key={k.value} type="button" aria-pressed={k.value === kind} onClick={() => setKind(k.value)}>
              {k.label}
            </button>
          ))}
        </div>
        {kind === 'user' ? (
          !canList ? (
            <p className="field-hint">{directoryNote('users')}</p>
          ) : users ? (
            <UserSearch users={users} reviewers={reviewers} onAdd={add} />
          ) : (
            <Loading label="Loading users…" />
          )
        ) : kind === 'group' ? (
          !canList ? (
            <p className="field-hint">{directoryNote('groups')}</p>
          ) : groups ? (
            <GroupChoice groups={groups} onAdd={add} />
          ) : (
            <Loading label="Loading groups…" />
          )
        ) : kind === 'role' ? (
          <RoleChoice onAdd={add} />
        ) : (
          <GuestForm onAdd={add} />
        )}
      </div>
    </fieldset>
  );
}
