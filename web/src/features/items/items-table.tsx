import type { ItemSummary } from '../../api/workflow-types.ts';
import { Link } from '../../router.tsx';
import { formatDateTime } from '../../ui/format.ts';
import { ItemStatusBadge } from './item-status-badge.tsx';

export function ItemsTable({ items }: { items: readonly ItemSummary[] }) {
  return (
    <div className="table-wrap">
      <table className="table">
        <caption className="visually-hidden">Items</caption>
        <thead>
          <tr>
            <th scope="col">Title</th>
            <th scope="col">Status</th>
            <th scope="col">Current step</th>
            <th scope="col">Submitted by</th>
            <th scope="col">Updated</th>
          </tr>
        </thead>
        <tbody>
          {items.map((i) => (
            <tr key={i.id}>
              <td data-label="Title" className="cell-name">
                <Link to={`/items/${encodeURIComponent(i.id)}`} className="cell-primary">{i.title}</Link>
                <span className="cell-secondary">{i.workflowName}</span>
              </td>
              <td data-label="Status"><ItemStatusBadge status={i.status} /></td>
              <td data-label="Step">{i.stepName ?? <span className="muted">—</span>}</td>
              <td data-label="Submitted by">{i.submitter.name}</td>
              <td data-label="Updated" className="nowrap">{formatDateTime(i.updatedAt)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
