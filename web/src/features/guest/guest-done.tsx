import type { Decision } from '../../api/workflow-types.ts';
import { Alert } from '../../ui/alert.tsx';

export function GuestDone({ decision }: { decision: Decision | undefined }) {
  return (
    <div className="form">
      <Alert tone="success" title={decision === 'approve' ? 'Your approval was recorded.' : decision === 'reject' ? 'Your rejection was recorded.' : 'Your part is done.'}>
        {decision ? 'The person who sent the invitation can see your decision and comment.' : 'Your decision on this step was already recorded, or the step has closed.'}
      </Alert>
      <p className="muted">You can close this page. The link does not give access to anything else.</p>
    </div>
  );
}
