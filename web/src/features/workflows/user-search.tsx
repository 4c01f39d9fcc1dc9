// Finds users of the directory by name or email, for a step's reviewers.
import { useState } from 'react';
import type { User } from '../../api/types.ts';
import { TextField } from '../../ui/field.tsx';
import { matchUsers, UserMatches } from '../../ui/user-matches.tsx';
import { onEnter } from './on-enter.ts';
import type { ReviewerDraft } from './workflow-draft.ts';

export function UserSearch({ users, reviewers, onAdd }: { users: readonly User[]; reviewers: readonly ReviewerDraft[]; onAdd: (r: ReviewerDraft) => void }) {
  const [query, setQuery] = useState('');
  const chosen = new Set(reviewers.flatMap((r) => ('user' in r.reviewer ? [r.reviewer.user] : [])));
  const matches = matchUsers(users.filter((u) => u.active), query, chosen);
  const addUser = (u: User) => {
    onAdd({ reviewer: { user: u.id }, view: { kind: 'user', id: u.id, label: u.name, email: u.email } });
    setQuery('');
  };
  return (
    <div className="reviewer-add-body">
      <TextField label="Find a user" type="search" value={query} onChange={setQuery} placeholder="Name or email" autoComplete="off" onKeyDown={onEnter(() => matches.length === 1 && addUser(matches[0]!))} />
      <UserMatches query={query} matches={matches} onAdd={addUser} />
    </div>
  );
}
