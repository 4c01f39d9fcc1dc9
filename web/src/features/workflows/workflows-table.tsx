import type { WorkflowSummary } from '../../api/workflow-types.ts';
import { Link } from '../../router.tsx';
import { Badge } from '../../ui/badge.tsx';
import { actionsColumn, DataTable, type Column } from '../../ui/data-table.tsx';
import { formatDateTime } from '../../ui/format.ts';
import { stepCount } from './workflow-labels.ts';

const COLUMNS: Column<WorkflowSummary>[] = [
  {
    header: 'Name',
    className: 'cell-name',
    cell: (w) => (
      <>
        <Link to={`/workflows/${encodeURIComponent(w.id)}`} className="cell-primary">
          {w.name}
        </Link>
        <span className="cell-secondary">Version {w.version}</span>
      </>
    ),
  },
  { header: 'Steps', cell: (w) => stepCount(w.steps) },
  {
    header: 'Protection',
    cell: (w) => (
      <span className="badge-row">
        {w.protectedSteps ? <Badge tone="accent">2FA on {stepCount(w.protectedSteps)}</Badge> : null}
        {w.signatureSteps ? <Badge tone="accent">e-signature on {stepCount(w.signatureSteps)}</Badge> : null}
        {!w.protectedSteps && !w.signatureSteps ? <span className="muted">None</span> : null}
      </span>
    ),
  },
  { header: 'Updated', className: 'nowrap', cell: (w) => formatDateTime(w.updatedAt) },
  actionsColumn((w) => (
    <Link to={`/items/new?workflow=${encodeURIComponent(w.id)}`} className="btn btn-secondary btn-sm" aria-label={`Submit an item to ${w.name}`}>
      Submit an item
    </Link>
  )),
];

export function WorkflowsTable({ workflows }: { workflows: readonly WorkflowSummary[] }) {
  return <DataTable caption="Workflows" columns={COLUMNS} rows={workflows} rowKey={(w) => w.id} />;
}
