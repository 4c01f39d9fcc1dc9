import type { Task } from '../../api/workflow-types.ts';
import { Link } from '../../router.tsx';
import { Badge } from '../../ui/badge.tsx';
import { formatDateTime } from '../../ui/format.ts';
import { StepMarkers } from '../workflows/step-markers.tsx';
import { DueState } from './due-state.tsx';

export function TasksTable({ tasks }: { tasks: readonly Task[] }) {
  return (
    <div className="table-wrap">
      <table className="table">
        <caption className="visually-hidden">Your open tasks</caption>
        <thead>
          <tr>
            <th scope="col">Item</th>
            <th scope="col">Step</th>
            <th scope="col">Submitted by</th>
            <th scope="col">Assigned</th>
            <th scope="col">Due</th>
          </tr>
        </thead>
        <tbody>
          {tasks.map((t) => (
            <tr key={`${t.itemId}:${t.step}:${t.onBehalfOf?.id ?? ''}`} className={t.overdue ? 'row-overdue' : undefined}>
              <td data-label="Item" className="cell-name">
                <Link to={`/items/${encodeURIComponent(t.itemId)}`} className="cell-primary">{t.title}</Link>
                <span className="cell-secondary">{t.workflowName}</span>
                {t.onBehalfOf ? <span className="cell-secondary"><Badge tone="accent">On behalf of {t.onBehalfOf.name}</Badge></span> : null}
              </td>
              <td data-label="Step">
                <span className="cell-primary">{t.stepName}</span>
                <StepMarkers requireTwoFactor={t.requireTwoFactor} requireSignature={t.requireSignature} />
              </td>
              <td data-label="Submitted by">{t.submitter.name}</td>
              <td data-label="Assigned" className="nowrap"><time dateTime={t.assignedAt}>{formatDateTime(t.assignedAt)}</time></td>
              <td data-label="Due"><DueState dueAt={t.dueAt} overdue={t.overdue} /></td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
