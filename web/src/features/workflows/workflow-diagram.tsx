// The picture of a workflow: submitted → step → step → approved, each step with its reviewers,
// threshold and protection. Drawn with boxes and CSS arrows (the CSP allows no inline styles),
// live in the builder and on item pages with the current step highlighted.
import type { ItemStep, StepView } from '../../api/workflow-types.ts';
import { DiagramStep } from './diagram-step.tsx';

type Props = {
  steps: readonly (StepView | ItemStep)[];
  /** The accessible name of the list of steps. */
  label?: string;
  /** The item's outcome, for the end of the flow. */
  outcome?: 'in_review' | 'approved' | 'rejected' | 'cancelled';
};

export function WorkflowDiagram({ steps, label = 'Workflow steps', outcome }: Props) {
  const end = outcome === 'rejected' ? 'Rejected' : outcome === 'cancelled' ? 'Cancelled' : 'Approved';
  return (
    // Wider than a phone: a focusable group scrolls sideways with the arrow keys.
    <div className="flow-scroll" tabIndex={0} role="group" aria-label={`${label}, picture`}>
      <div className="flow" data-testid="workflow-diagram">
        <div className="flow-terminal flow-terminal-start" aria-hidden="true">
          Submitted
        </div>
        <ol className="flow-steps" aria-label={label}>
          {steps.map((s) => (
            <DiagramStep
              key={s.index}
              step={s}
              status={'status' in s ? s.status : undefined}
              votes={'votes' in s ? s.votes : undefined}
              due={'status' in s ? { dueAt: s.dueAt, overdue: s.overdue } : undefined}
            />
          ))}
        </ol>
        <div className={`flow-terminal flow-terminal-end${outcome && outcome !== 'in_review' ? ` flow-terminal-${outcome}` : ''}`} aria-hidden="true">
          {end}
        </div>
      </div>
    </div>
  );
}
