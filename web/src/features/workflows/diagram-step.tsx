import type { ItemStep, StepView } from '../../api/workflow-types.ts';
import { formatDateTime } from '../../ui/format.ts';
import { ReturnIcon } from '../../ui/icons.tsx';
import { ClockIcon, relativeTo } from '../tasks/due-state.tsx';
import { StepMarkers } from './step-markers.tsx';
import { shortLabel, thresholdLabel, votesLabel } from './workflow-labels.ts';

const SHOWN_REVIEWERS = 3;

const STATUS_TEXT: Record<ItemStep['status'], string> = {
  pending: 'Waiting',
  open: 'Current step',
  approved: 'Approved',
  rejected: 'Rejected',
};

/** One box of the workflow picture. `status`/`votes`/`due` only on an item's steps (`due`: the open step's due time and overdue state). */
export function DiagramStep({
  step,
  status,
  votes,
  due,
}: {
  step: StepView;
  status?: ItemStep['status'] | undefined;
  votes?: ItemStep['votes'] | undefined;
  due?: { dueAt?: string | undefined; overdue?: boolean | undefined } | undefined;
}) {
  const overdue = status === 'open' && !!due?.overdue;
  const shown = step.reviewers.slice(0, SHOWN_REVIEWERS);
  const more = step.reviewers.length - shown.length;
  const classes = [
    'flow-step',
    status ? `flow-step-${status}` : '',
    overdue ? 'flow-step-overdue' : '',
    step.requireTwoFactor || step.requireSignature ? 'flow-step-protected' : '',
  ];
  return (
    <li className={classes.filter(Boolean).join(' ')} aria-current={status === 'open' ? 'step' : undefined}>
      <div className="flow-step-head">
        <span className="flow-step-number">Step {step.index + 1}</span>
        {status ? <span className={`flow-status flow-status-${status}`}>{STATUS_TEXT[status]}</span> : null}
      </div>
      <p className="flow-step-name">{step.name}</p>
      {status === 'open' && due?.dueAt ? (
        overdue ? (
          <p className="flow-due flow-due-overdue">
            <ClockIcon /> <strong>Overdue</strong>{' '}
            <span>
              was due {relativeTo(due.dueAt, Date.now())}, <time dateTime={due.dueAt}>{formatDateTime(due.dueAt)}</time>
            </span>
          </p>
        ) : (
          <p className="flow-due">
            <ClockIcon />{' '}
            <span>
              Due {relativeTo(due.dueAt, Date.now())}, <time dateTime={due.dueAt}>{formatDateTime(due.dueAt)}</time>
            </span>
          </p>
        )
      ) : null}
      {step.reviewers.length ? (
        <ul className="flow-reviewers" aria-label={`Reviewers of ${step.name}`}>
          {shown.map((r, i) => (
            <li
              key={`${r.kind}-${r.id ?? r.role ?? r.email ?? i}`}
              className={`flow-reviewer flow-reviewer-${r.kind}`}
              title={r.email && r.email !== r.label ? `${shortLabel(r)} (${r.email})` : r.label}
            >
              {shortLabel(r)}
            </li>
          ))}
          {more > 0 ? <li className="flow-reviewer flow-reviewer-more">+{more} more</li> : null}
        </ul>
      ) : (
        <p className="flow-empty">No reviewers yet</p>
      )}
      <p className="flow-threshold">{thresholdLabel(step.threshold)}</p>
      {votes ? <p className="flow-votes">{votesLabel(step.threshold, votes)}</p> : null}
      <StepMarkers requireTwoFactor={step.requireTwoFactor} requireSignature={step.requireSignature} />
      {step.onReject === 'previous' && step.index > 0 ? (
        <p className="flow-return">
          <ReturnIcon /> Rejected: back to step {step.index}
        </p>
      ) : null}
    </li>
  );
}
