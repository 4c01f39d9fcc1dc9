import type { ItemSummary } from '../../api/workflow-types.ts';
import { Link } from '../../router.tsx';
import { DataTable, type Column } from '../../ui/data-table.tsx';
import { formatDateTime } from '../../ui/format.ts';
import { ItemStatusBadge } from './item-status-badge.tsx';

const COLUMNS: Column<ItemSummary>[] = [
  {
    header: 'Title',
    className: 'cell-name',
    cell: (i) => (
      <>
        <Link to={`/items/${encodeURIComponent(i.id)}`} className="cell-primary">
          {i.title}
        </Link>
        <span className="cell-secondary">{i.workflowName}</span>
      </>
    ),
  },
  { header: 'Status', cell: (i) => <ItemStatusBadge status={i.status} /> },
  { header: 'Current step', label: 'Step', cell: (i) => i.stepName ?? <span className="muted">—</span> },
  { header: 'Submitted by', cell: (i) => i.submitter.name },
  { header: 'Updated', className: 'nowrap', cell: (i) => formatDateTime(i.updatedAt) },
];

export function ItemsTable({ items }: { items: readonly ItemSummary[] }) {
  return <DataTable caption="Items" columns={COLUMNS} rows={items} rowKey={(i) => i.id} />;
}
