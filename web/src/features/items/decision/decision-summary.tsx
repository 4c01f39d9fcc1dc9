import type { Decision } from '../../../api/workflow-types.ts';
import { decisionVerb } from '../item-labels.ts';

/** "You are approving “Legal review” of “Contract”" with the comment, kept on screen while confirming. */
export function DecisionSummary({ decision, comment, stepName, title }: { decision: Decision; comment: string | undefined; stepName: string; title: string }) {
  return (
    <div className={`decision-summary decision-summary-${decision}`} data-testid="decision-summary">
      <p className="decision-summary-line">
        You are <strong>{decisionVerb(decision)}</strong> step <strong>“{stepName}”</strong> of “{title}”.
      </p>
      {comment ? (
        <p className="decision-summary-comment">
          With the comment: <q>{comment}</q>
        </p>
      ) : (
        <p className="decision-summary-comment muted">Without a comment.</p>
      )}
    </div>
  );
}
