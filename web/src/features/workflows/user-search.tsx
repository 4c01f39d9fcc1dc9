// Finds users of the directory by name or email, for a step's reviewers. Built for thousands
// of users: only the first matches are listed.
import { useState } from 'react';
import type { User } from '../../api/types.ts';
import { Button } from '../../ui/button.tsx';
import { TextField } from '../../ui/field.tsx';
import { onEnter } from './on-enter.ts';
import type { ReviewerDraft } from './workflow-draft.ts';

const SHOWN = 6;

export function UserSearch({ users, reviewers, onAdd }: { users: readonly User[]; reviewers: readonly ReviewerDraft[]; onAdd: (r: ReviewerDraft) => void }) {
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
