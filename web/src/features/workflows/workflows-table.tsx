import type { WorkflowSummary } from '../../api/workflow-types.ts';
import { Link } from '../../router.tsx';
import { Badge } from '../../ui/badge.tsx';
import { formatDateTime } from '../../ui/format.ts';
import { stepCount } from './workflow-labels.ts';

export function WorkflowsTable({ workflows }: { workflows: readonly WorkflowSummary[] }) {
  return (
    <div className="table-wrap">
      <table className="table">
        <caption className="visually-hidden">Workflows</caption>
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">Steps</th>
            <th scope="col">Protection</th>
            <th scope="col">Updated</th>
            <th scope="col"><span className="visually-hidden">Actions</span></th>
          </tr>
        </thead>
        <tbody>
          {workflows.map((w) => (
            <tr key={w.id}>
              <td data-label="Name" className="cell-name">
                <Link to={`/workflows/${encodeURIComponent(w.id)}`} className="cell-primary">{w.name}</Link>
                <span className="cell-secondary">Version {w.version}</span>
              </td>
              <td data-label="Steps">{stepCount(w.steps)}</td>
              <td data-label="Protection">
                <span className="badge-row">
                  {w.protectedSteps ? <Badge tone="accent">2FA on {stepCount(w.protectedSteps)}</Badge> : null}
                  {w.signatureSteps ? <Badge tone="accent">e-signature on {stepCount(w.signatureSteps)}</Badge> : null}
                  {!w.protectedSteps && !w.signatureSteps ? <span className="muted">None</span> : null}
                </span>
              </td>
              <td data-label="Updated" className="nowrap">{formatDateTime(w.updatedAt)}</td>
              <td className="cell-actions">
                <Link to={`/items/new?workflow=${encodeURIComponent(w.id)}`} className="btn btn-secondary btn-sm" aria-label={`Submit an item to ${w.name}`}>Submit an item</Link>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
