import type { Task } from '../../api/workflow-types.ts';
import { Link } from '../../router.tsx';
import { Badge } from '../../ui/badge.tsx';
import { DataTable, type Column } from '../../ui/data-table.tsx';
import { formatDateTime } from '../../ui/format.ts';
import { StepMarkers } from '../workflows/step-markers.tsx';
import { DueState } from './due-state.tsx';

const COLUMNS: Column<Task>[] = [
  {
    header: 'Item',
    className: 'cell-name',
    cell: (t) => (
      <>
        <Link to={`/items/${encodeURIComponent(t.itemId)}`} className="cell-primary">
          {t.title}
        </Link>
        <span className="cell-secondary">{t.workflowName}</span>
        {t.onBehalfOf ? (
          <span className="cell-secondary">
            <Badge tone="accent">On behalf of {t.onBehalfOf.name}</Badge>
          </span>
        ) : null}
      </>
    ),
  },
  {
    header: 'Step',
    cell: (t) => (
      <>
        <span className="cell-primary">{t.stepName}</span>
        <StepMarkers requireTwoFactor={t.requireTwoFactor} requireSignature={t.requireSignature} />
      </>
    ),
  },
  { header: 'Submitted by', cell: (t) => t.submitter.name },
  { header: 'Assigned', className: 'nowrap', cell: (t) => <time dateTime={t.assignedAt}>{formatDateTime(t.assignedAt)}</time> },
  { header: 'Due', cell: (t) => <DueState dueAt={t.dueAt} overdue={t.overdue} /> },
];

export function TasksTable({ tasks }: { tasks: readonly Task[] }) {
  return (
    <DataTable
      caption="Your open tasks"
      columns={COLUMNS}
      rows={tasks}
      rowKey={(t) => `${t.itemId}:${t.step}:${t.onBehalfOf?.id ?? ''}`}
      rowClassName={(t) => (t.overdue ? 'row-overdue' : undefined)}
    />
  );
}
