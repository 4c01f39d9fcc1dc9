// Named users of a scope: the chosen ones as removable chips, and a search to add more. Built
// for thousands of users: only the first matches of a search are listed.
import { useId, useState } from 'react';
import type { User } from '../../../api/types.ts';
import { Button } from '../../../ui/button.tsx';

const SHOWN = 6;

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
  const q = query.trim().toLowerCase();
  const byId = new Map(users.map((u) => [u.id, u]));
  const matches = q
    ? users.filter((u) => !selected.includes(u.id) && (u.name.toLowerCase().includes(q) || u.email.toLowerCase().includes(q)))
    : [];

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
        <label htmlFor={`${id}-search`} className="visually-hidden">Find a user to add</label>
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
      {q ? (
        matches.length ? (
          <ul className="picker-results" aria-label="Matching users">
            {matches.slice(0, SHOWN).map((u) => (
              <li key={u.id} className="picker-result">
                <span>
                  <span className="cell-primary">{u.name}</span>
                  <span className="cell-secondary">{u.email}</span>
                </span>
                <Button size="sm" aria-label={`Add ${u.name}`} onClick={() => { onChange([...selected, u.id]); setQuery(''); }}>Add</Button>
              </li>
            ))}
            {matches.length > SHOWN ? <li className="field-hint">{matches.length - SHOWN} more: type more of the name.</li> : null}
          </ul>
        ) : (
          <p className="field-hint">No other user matches “{query.trim()}”.</p>
        )
      ) : null}
    </fieldset>
  );
}
