// A saved workflow in words, step by step, beside its picture (for people who cannot edit it).
import type { StepView } from '../../api/workflow-types.ts';
import { StepMarkers } from './step-markers.tsx';
import { onRejectLabel, REVIEWER_KIND_LABELS, thresholdLabel } from './workflow-labels.ts';

export function WorkflowDetails({ steps }: { steps: readonly StepView[] }) {
  return (
    <ol className="step-details">
      {steps.map((s) => (
        <li key={s.index} className="panel step-detail">
          <h3 className="step-editor-title">
            <span className="step-number">{s.index + 1}</span>
            {s.name}
            <StepMarkers requireTwoFactor={s.requireTwoFactor} requireSignature={s.requireSignature} />
          </h3>
          <dl className="detail-list">
            <dt>Reviewers</dt>
            <dd>{s.reviewers.map((r) => `${r.label} (${REVIEWER_KIND_LABELS[r.kind].toLowerCase()})`).join(', ')}</dd>
            <dt>Approvals</dt>
            <dd>{thresholdLabel(s.threshold)}</dd>
            <dt>Rejection</dt>
            <dd>{onRejectLabel(s.onReject)}</dd>
            {s.requireTwoFactor ? (
              <>
                <dt>2FA</dt>
                <dd>Reviewers confirm approve and reject with their second factor.</dd>
              </>
            ) : null}
            {s.requireSignature ? (
              <>
                <dt>E-signature</dt>
                <dd>Signed with password and second factor; meanings: {s.signatureMeanings.join(', ')}.</dd>
              </>
            ) : null}
          </dl>
        </li>
      ))}
    </ol>
  );
}
