// The search results of a user picker (scopes, workflow reviewers): built for thousands of
// users, so only the first matches of a search are listed, each with an Add button.
/** What a picker needs of a person: the admin list's users and the directory's people both fit. */
type Person = { id: string; name: string; email: string };
import { Button } from './button.tsx';

const SHOWN = 6;

/** Users whose name or email contains `query` (case-insensitive), leaving out `exclude`; none for an empty query. */
export function matchUsers<U extends Person>(users: readonly U[], query: string, exclude: ReadonlySet<string>): U[] {
  const q = query.trim().toLowerCase();
  return q ? users.filter((u) => !exclude.has(u.id) && (u.name.toLowerCase().includes(q) || u.email.toLowerCase().includes(q))) : [];
}

export function UserMatches<U extends Person>({ query, matches, onAdd }: { query: string; matches: readonly U[]; onAdd: (u: U) => void }) {
  if (!query.trim()) return null;
  if (!matches.length) return <p className="field-hint">No other user matches “{query.trim()}”.</p>;
  return (
    <ul className="picker-results" aria-label="Matching users">
      {matches.slice(0, SHOWN).map((u) => (
        <li key={u.id} className="picker-result">
          <span>
            <span className="cell-primary">{u.name}</span>
            <span className="cell-secondary">{u.email}</span>
          </span>
          <Button size="sm" aria-label={`Add ${u.name}`} onClick={() => onAdd(u)}>
            Add
          </Button>
        </li>
      ))}
      {matches.length > SHOWN ? <li className="field-hint">{matches.length - SHOWN} more: type more of the name.</li> : null}
    </ul>
  );
}
