// Named users of a scope: the chosen ones as removable chips, and a search to add more.
import { useId, useState } from 'react';
import type { User } from '../../../api/types.ts';
import { matchUsers, UserMatches } from '../../../ui/user-matches.tsx';

type Props = {
  legend: string;
  users: readonly User[];
  selected: readonly string[];
  onChange: (ids: string[]) => void;
  disabled?: boolean;
};

export function UserPicker({ legend, users, selected, onChange, disabled }: Props) {
  const [query, setQuery] = useState('');
  const id = useId();
  const byId = new Map(users.map((u) => [u.id, u]));
  const matches = matchUsers(users, query, new Set(selected));

  return (
    <fieldset className="fieldset user-picker" disabled={disabled}>
      <legend className="field-label">{legend}</legend>
      {selected.length ? (
        <ul className="chip-list" aria-label={`${legend}: chosen`}>
          {selected.map((userId) => {
            const u = byId.get(userId);
            const name = u?.name ?? 'Unknown user';
            return (
              <li key={userId} className="chip">
                <span className="chip-text">
                  {name}
                  {u ? <span className="chip-secondary"> {u.email}</span> : <span className="chip-secondary"> {userId}</span>}
                </span>
                <button type="button" className="chip-remove" aria-label={`Remove ${name}`} onClick={() => onChange(selected.filter((x) => x !== userId))}>
                  <span aria-hidden="true">×</span>
                </button>
              </li>
            );
          })}
        </ul>
      ) : (
        <p className="field-hint">No named users.</p>
      )}
      <div className="field">
        <label htmlFor={`${id}-search`} className="visually-hidden">
          Find a user to add
        </label>
        <input
          id={`${id}-search`}
          className="input"
          type="search"
          placeholder="Find a user by name or email"
          value={query}
          onChange={(e) => setQuery(e.target.value)}
          autoComplete="off"
        />
      </div>
      <UserMatches
        query={query}
        matches={matches}
        onAdd={(u) => {
          onChange([...selected, u.id]);
          setQuery('');
        }}
      />
    </fieldset>
  );
}
