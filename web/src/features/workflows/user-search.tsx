// Finds people of the directory (GET /directory: active people only) by name or email, for a step's reviewers.
import { useState } from 'react';
import type { DirectoryPerson } from '../../api/directory.ts';
import { TextField } from '../../ui/field.tsx';
import { matchUsers, UserMatches } from '../../ui/user-matches.tsx';
import { onEnter } from './on-enter.ts';
import type { ReviewerDraft } from './workflow-draft.ts';

export function UserSearch({
  users,
  reviewers,
  onAdd,
}: {
  users: readonly DirectoryPerson[];
  reviewers: readonly ReviewerDraft[];
  onAdd: (r: ReviewerDraft) => void;
}) {
  const [query, setQuery] = useState('');
  const chosen = new Set(reviewers.flatMap((r) => ('user' in r.reviewer ? [r.reviewer.user] : [])));
  const matches = matchUsers(users, query, chosen);
  const addUser = (u: DirectoryPerson) => {
    onAdd({ reviewer: { user: u.id }, view: { kind: 'user', id: u.id, label: u.name, email: u.email } });
    setQuery('');
  };
  return (
    <div className="reviewer-add-body">
      <TextField
        label="Find a user"
        type="search"
        value={query}
        onChange={setQuery}
        placeholder="Name or email"
        autoComplete="off"
        onKeyDown={onEnter(() => matches.length === 1 && addUser(matches[0]!))}
      />
      <UserMatches query={query} matches={matches} onAdd={addUser} />
    </div>
  );
}
