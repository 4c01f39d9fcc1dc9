import type { Group } from '../../../api/types.ts';
import { Button } from '../../../ui/button.tsx';

const memberSummary = (g: Group) => {
  if (g.members.length === 0) return <span className="muted">No members</span>;
  const names = g.members.slice(0, 3).map((m) => m.name).join(', ');
  return g.members.length > 3 ? `${names} and ${g.members.length - 3} more` : names;
};

export function GroupsTable({ groups, onEdit, onDelete }: { groups: Group[]; onEdit: (g: Group) => void; onDelete: (g: Group) => void }) {
  return (
    <div className="table-wrap">
      <table className="table">
        <caption className="visually-hidden">Groups of your organisation</caption>
        <thead>
          <tr>
            <th scope="col">Group</th>
            <th scope="col">Members</th>
            <th scope="col"><span className="visually-hidden">Actions</span></th>
          </tr>
        </thead>
        <tbody>
          {groups.map((g) => (
            <tr key={g.id}>
              <td data-label="Group" className="cell-name">
                <div>
                  <span className="cell-primary">{g.name}</span>
                  <span className="cell-secondary">{g.members.length} {g.members.length === 1 ? 'member' : 'members'}</span>
                </div>
              </td>
              <td data-label="Members">{memberSummary(g)}</td>
              <td className="cell-actions">
                <span className="action-row">
                  <Button size="sm" onClick={() => onEdit(g)} aria-label={`Edit ${g.name}`}>Edit</Button>
                  <Button size="sm" variant="ghost" onClick={() => onDelete(g)} aria-label={`Delete ${g.name}`}>Delete</Button>
                </span>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
