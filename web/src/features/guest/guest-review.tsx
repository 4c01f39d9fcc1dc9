// The item, once the guest has confirmed the code: its content and the step they review, then
// Approve or Reject with a comment (the reason, required to reject), and the conversation.
import type { CommentView } from '../../api/comments.ts';
import { useState } from 'react';
import { describeError, isApiProblem } from '../../api/problem.ts';
import type { Decision, GuestItem } from '../../api/workflow-types.ts';
import { Alert } from '../../ui/alert.tsx';
import { shortHash } from '../../ui/format.ts';
import { DecisionChoice } from '../items/decision/decision-choice.tsx';
import { sentComment, type DecisionDraft } from '../items/decision/decision-draft.ts';
import { ItemContentView } from '../items/item-content-view.tsx';
import { GuestConversation } from './guest-conversation.tsx';

type Props = {
  item: GuestItem;
  onDecide: (decision: Decision, comment: string | undefined) => Promise<void>;
  onComment: (text: string) => Promise<CommentView>;
};

export function GuestReview({ item, onDecide, onComment }: Props) {
  const [draft, setDraft] = useState<DecisionDraft>({ decision: undefined, comment: '' });
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();

  const send = async () => {
    setBusy(true);
    setError(undefined);
    try {
      await onDecide(draft.decision!, sentComment(draft));
    } catch (e) {
      setError(e);
      setBusy(false);
    }
  };

  return (
    <div className="form guest-review">
      <p>
        You are reviewing step <strong>“{item.step.name}”</strong> as <strong>{item.guest.name}</strong> <span className="muted">({item.guest.email})</span>.
      </p>
      <div className="review-layout">
        <section className="section review-document" aria-labelledby="guest-item-title">
          <h2 id="guest-item-title" className="section-title">
            {item.title}
          </h2>
          {item.description ? <p className="guest-description">{item.description}</p> : null}
          <p className="field-hint">
            Content SHA-256 <code title={item.contentHash}>{shortHash(item.contentHash)}</code>
          </p>
          <ItemContentView content={item.content} contentHash={item.contentHash} />
        </section>
        <section className="section review-side" aria-labelledby="guest-decision-title">
          <h2 id="guest-decision-title" className="section-title">
            Your decision
          </h2>
          {error ? (
            <Alert tone="error" title="Your decision was not recorded">
              {isApiProblem(error) && error.code === 'step_closed' ? 'This step closed before your decision arrived.' : describeError(error)}
            </Alert>
          ) : null}
          <DecisionChoice draft={draft} onChange={setDraft} protectedStep={false} reasonOnApprove={false} busy={busy} onContinue={() => void send()} />
        </section>
      </div>
      <GuestConversation comments={item.comments} onPost={onComment} />
    </div>
  );
}
