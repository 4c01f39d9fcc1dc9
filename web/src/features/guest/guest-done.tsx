// After the guest's part is done (they decided, or the step closed): what was recorded, and the
// conversation, which stays open to them while the invite is valid (the API takes a guest's
// comment until the invite expires or is revoked), so a question after deciding has a place.
import type { CommentView } from '../../api/comments.ts';
import type { Decision, GuestItem } from '../../api/workflow-types.ts';
import { Alert } from '../../ui/alert.tsx';
import { GuestConversation } from './guest-conversation.tsx';

type Props = { decision: Decision | undefined; item: GuestItem; onComment: (text: string) => Promise<CommentView> };

export function GuestDone({ decision, item, onComment }: Props) {
  return (
    <div className="form guest-review">
      <Alert
        tone="success"
        title={decision === 'approve' ? 'Your approval was recorded.' : decision === 'reject' ? 'Your rejection was recorded.' : 'Your part is done.'}
      >
        {decision
          ? 'The person who sent the invitation can see your decision and comment.'
          : 'Your decision on this step was already recorded, or the step has closed.'}
      </Alert>
      <p>
        <strong>“{item.title}”</strong>, step <strong>“{item.step.name}”</strong>, as <strong>{item.guest.name}</strong>{' '}
        <span className="muted">({item.guest.email})</span>.
      </p>
      <GuestConversation comments={item.comments} onPost={onComment} />
      <p className="muted">You can close this page. The link does not give access to anything else, and stops working when the invitation ends.</p>
    </div>
  );
}
