import type { Group } from '../../../api/types.ts';
import { Button } from '../../../ui/button.tsx';
import { actionsColumn, DataTable, type Column } from '../../../ui/data-table.tsx';

const memberSummary = (g: Group) => {
  if (g.members.length === 0) return <span className="muted">No members</span>;
  const names = g.members
    .slice(0, 3)
    .map((m) => m.name)
    .join(', ');
  return g.members.length > 3 ? `${names} and ${g.members.length - 3} more` : names;
};

export function GroupsTable({ groups, onEdit, onDelete }: { groups: Group[]; onEdit: (g: Group) => void; onDelete: (g: Group) => void }) {
  const columns: Column<Group>[] = [
    {
      header: 'Group',
      className: 'cell-name',
      cell: (g) => (
        <div>
          <span className="cell-primary">{g.name}</span>
          <span className="cell-secondary">
            {g.members.length} {g.members.length === 1 ? 'member' : 'members'}
          </span>
        </div>
      ),
    },
    { header: 'Members', cell: memberSummary },
    actionsColumn((g) => (
      <span className="action-row">
        <Button size="sm" onClick={() => onEdit(g)} aria-label={`Edit ${g.name}`}>
          Edit
        </Button>
        <Button size="sm" variant="ghost" onClick={() => onDelete(g)} aria-label={`Delete ${g.name}`}>
          Delete
        </Button>
      </span>
    )),
  ];
  return <DataTable caption="Groups of your organisation" columns={columns} rows={groups} rowKey={(g) => g.id} />;
}
