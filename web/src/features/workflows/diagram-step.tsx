import type { ItemStep, StepView } from '../../api/workflow-types.ts';
import { ReturnIcon } from '../../ui/icons.tsx';
import { StepMarkers } from './step-markers.tsx';
import { shortLabel, thresholdLabel, votesLabel } from './workflow-labels.ts';

const SHOWN_REVIEWERS = 3;

const STATUS_TEXT: Record<ItemStep['status'], string> = {
  pending: 'Waiting',
  open: 'Current step',
  approved: 'Approved',
  rejected: 'Rejected',
};

/** One box of the workflow picture. `status`/`votes` only on an item's steps. */
export function DiagramStep({ step, status, votes }: { step: StepView; status?: ItemStep['status'] | undefined; votes?: ItemStep['votes'] | undefined }) {
  const shown = step.reviewers.slice(0, SHOWN_REVIEWERS);
  const more = step.reviewers.length - shown.length;
  const classes = ['flow-step', status ? `flow-step-${status}` : '', step.requireTwoFactor || step.requireSignature ? 'flow-step-protected' : ''];
  return (
    <li className={classes.filter(Boolean).join(' ')} aria-current={status === 'open' ? 'step' : undefined}>
      <div className="flow-step-head">
        <span className="flow-step-number">Step {step.index + 1}</span>
        {status ? <span className={`flow-status flow-status-${status}`}>{STATUS_TEXT[status]}</span> : null}
      </div>
      <p className="flow-step-name">{step.name}</p>
      {step.reviewers.length ? (
        <ul className="flow-reviewers" aria-label={`Reviewers of ${step.name}`}>
          {shown.map((r, i) => (
            <li key={`${r.kind}-${r.id ?? r.role ?? r.email ?? i}`} className={`flow-reviewer flow-reviewer-${r.kind}`} title={r.email && r.email !== r.label ? `${shortLabel(r)} (${r.email})` : r.label}>{shortLabel(r)}</li>
          ))}
          {more > 0 ? <li className="flow-reviewer flow-reviewer-more">+{more} more</li> : null}
        </ul>
      ) : (
        <p className="flow-empty">No reviewers yet</p>
      )}
      <p className="flow-threshold">{thresholdLabel(step.threshold)}</p>
      {votes ? (
        <p className="flow-votes">
          {votesLabel(step.threshold, votes)}
        </p>
      ) : null}
      <StepMarkers requireTwoFactor={step.requireTwoFactor} requireSignature={step.requireSignature} />
      {step.onReject === 'previous' && step.index > 0 ? (
        <p className="flow-return"><ReturnIcon /> Rejected: back to step {step.index}</p>
      ) : null}
    </li>
  );
}
